"""The vault's own screens: first run (with the recovery key), unlock (or recover), change the passphrase,
the strength meter, and locking when the officer is away or the machine sleeps."""

__all__: list[str] = []
