"""Readers (files -> Documents) and writers (Results -> text, json, ...), kept apart from the engine."""
