"""marshmallow Request/Response schemas, one module per resource family."""
