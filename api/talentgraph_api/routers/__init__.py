"""One router per resource; handlers parse, call one use case with the caller's scope, and map
the result to a public schema."""
