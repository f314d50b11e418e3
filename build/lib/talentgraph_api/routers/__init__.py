"""One router per resource; handlers parse, call a service, return a public schema."""
