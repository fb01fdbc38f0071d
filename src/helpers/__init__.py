"""Logic behind the briefing notebooks. Kept import-light: `make` calls some modules
with the system python before the environment exists, so nothing heavy is imported here."""
