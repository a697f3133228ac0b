"""The crash-safety harness: a writer process killed with SIGKILL mid-work, and the vault checked after."""
