"""Bar charts drawn on the server as SVG: the geometry is computed here, templates/reports/_chart.html
draws it. Each chart sits next to a table with the same figures, for screen readers and printing."""

from dataclasses import dataclass

from marketplace.money import format_rupiah

WIDTH, HEIGHT = 720, 260
LEFT, BOTTOM, TOP = 10, 40, 20
#: where the tallest bar reaches, for the scale line and its label
TOP_LINE = TOP


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    #: the largest value, written at the top of the scale
    top: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    top_line: float = TOP_LINE

    @property
    def label_every(self) -> int:
        """Write every n-th label under the bars, so twelve months or more stay readable."""
        return max(1, len(self.bars) // 12 + (1 if len(self.bars) % 12 else 0))


def bar_chart(title: str, points: list[tuple[str, int]]) -> Chart:
    """Vertical bars for (label, rupiah) points; negative values draw as empty bars."""
    top = max((value for _label, value in points), default=0)
    plot_height = HEIGHT - BOTTOM - TOP
    step = (WIDTH - 2 * LEFT) / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = plot_height * max(value, 0) / top if top > 0 else 0
        bars.append(Bar(x=round(LEFT + index * step + step * 0.1, 1), y=round(HEIGHT - BOTTOM - height, 1),
                        width=round(step * 0.8, 1), height=round(height, 1), label=label,
                        value=format_rupiah(value)))
    return Chart(title, bars, top=format_rupiah(top))
