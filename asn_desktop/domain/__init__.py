"""Pure rules and value objects. No Qt, no peewee, no I/O."""
