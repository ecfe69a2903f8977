"""Peewee models, the database handle, migrations, backup. The only layer that knows SQL."""
