"""A small bar chart of views and shares per day, drawn on the server as SVG: the geometry is
computed here, templates/reach/_chart.html draws it (attributes only: the CSP allows no style)."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

WIDTH, HEIGHT = 300, 64
#: room under the bars for the first and last day
BOTTOM = 14


@dataclass(frozen=True)
class DayBar:
    day: date
    views: int
    shares: int
    x: float
    width: float
    #: top and height of the views bar, and of the shares bar drawn over its foot
    views_y: float
    views_height: float
    shares_y: float
    shares_height: float


@dataclass(frozen=True)
class ReachChart:
    """A chart's figures, the key of its drawing (a fragment, web/fragments.py): a dashboard looks up
    forty of them on every visit, so they are kept to the first day and two tuples of numbers, and
    the bars are worked out from them only when the chart is drawn."""

    first_day: date
    day_views: tuple[int, ...]
    day_shares: tuple[int, ...]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def views(self) -> int:
        return sum(self.day_views)

    @property
    def shares(self) -> int:
        return sum(self.day_shares)

    @cached_property
    def bars(self) -> tuple[DayBar, ...]:
        """A bar per day; both measures share the scale of the largest."""
        top = max(max(self.day_views, default=0), max(self.day_shares, default=0))
        plot = HEIGHT - BOTTOM - 2
        step = WIDTH / max(len(self.day_views), 1)
        bars = []
        for index, (views, shares) in enumerate(zip(self.day_views, self.day_shares, strict=True)):
            views_height = round(plot * views / top, 1) if top else 0
            shares_height = round(plot * shares / top, 1) if top else 0
            bars.append(DayBar(self.first_day + timedelta(days=index), views, shares,
                               x=round(index * step + step * 0.1, 1), width=round(step * 0.8, 1),
                               views_y=round(HEIGHT - BOTTOM - views_height, 1), views_height=views_height,
                               shares_y=round(HEIGHT - BOTTOM - shares_height, 1),
                               shares_height=shares_height))
        return tuple(bars)

    @property
    def busiest(self) -> DayBar | None:
        """The day with the most views (the latest of equal ones), for the text equivalent."""
        seen = [bar for bar in self.bars if bar.views]
        return max(seen, key=lambda bar: (bar.views, bar.day), default=None)

    @property
    def counted_days(self) -> list[DayBar]:
        """The days with a bar to draw: a day with neither views nor shares has none."""
        return [bar for bar in self.bars if bar.views or bar.shares]


def reach_chart(days: list[date], figures: dict[date, tuple[int, int]]) -> ReachChart:
    """The chart of `days` (consecutive, the first first), from {day: (views, shares)}."""
    counted = [figures.get(day, (0, 0)) for day in days]
    return ReachChart(days[0], tuple(views for views, _ in counted), tuple(shares for _, shares in counted))
