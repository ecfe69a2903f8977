"""ASN Desktop: pengelolaan kinerja ASN untuk kantor pemerintah daerah (offline)."""

__version__ = "0.1.0"
