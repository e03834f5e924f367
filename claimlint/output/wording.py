"""How every output format shows a rewording."""


def shown_suggestion(suggestion: str) -> str:
    """An empty rewording means "delete the flagged words"; say so rather than print nothing."""
    return suggestion or "(delete these words)"
