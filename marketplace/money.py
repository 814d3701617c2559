"""Money is whole rupiah (int) everywhere; this is where it becomes text."""


def format_rupiah(amount: int) -> str:
    """`Rp 1.250.000`: dots between thousands, no decimals (IDR has no cents in practice)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"rupiah amounts are whole numbers, not {type(amount).__name__}")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")
