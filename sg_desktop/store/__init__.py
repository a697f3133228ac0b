"""The vault on disk: the SQLCipher database, its migrations, and one repository for each table."""

__all__: list[str] = []
