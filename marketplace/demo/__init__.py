"""The demo data behind `flask seed-demo`: accounts, shops and listings of Banyuasin with drawn
photos (`seed.py`, `catalog.py`, `images.py`, `curation.py`) and the catalogue at scale for
benchmarks (`scale.py`)."""
