"""Public request and response shapes of the API."""
