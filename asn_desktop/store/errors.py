"""The store's error, importable without loading peewee."""


class StoreError(Exception):
    """A database file cannot be used: the message tells the user why, in Indonesian."""
