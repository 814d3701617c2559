"""Batik-like pictures for the demo catalogue, drawn with Pillow.

The demo must work offline and look the same on every machine, so nothing is downloaded and every
random choice comes from `random.Random(seed)`. Pictures are drawn at their final size with
`ImageDraw` (C loops) and whole-image operations; there is no per-pixel Python loop, which keeps one
1200x1500 picture near a tenth of a second.

A palette is a list of two to four hex colours, in the order: ground (the dyed cloth), motif (what
the wax kept pale), second motif colour, accent (outlines, dots). Missing colours are derived.
"""

import functools
import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFilter, ImageFont

PATTERNS = ("kawung", "parang", "jumputan", "pedada", "ceplok", "sungai", "tumpal")

PRODUCT_SIZE = (1200, 1500)
BANNER_SIZE = (1200, 400)
LOGO_SIZE = (400, 400)
JPEG_QUALITY = 80

RGB = tuple[int, int, int]
Point = tuple[float, float]


# ---------------------------------------------------------------- public functions


def render_pattern(pattern: str, palette: list[str], seed: int, size=PRODUCT_SIZE) -> bytes:
    """A cloth-like JPEG of `pattern`; the same arguments always give the same bytes."""
    return _jpeg(_draw_cloth(pattern, palette, seed, size))


def render_banner(pattern: str, palette: list[str], seed: int) -> bytes:
    """A 1200x400 shop banner: the same cloth as a product picture, cut wide."""
    return _jpeg(_draw_cloth(pattern, palette, seed, BANNER_SIZE))


def render_logo(initials: str, palette: list[str]) -> bytes:
    """A 400x400 round monogram on the ground colour, for a shop without its own logo."""
    ground, motif, _second, accent = _colours(palette)
    img = Image.new("RGB", LOGO_SIZE, ground)
    draw = ImageDraw.Draw(img)
    centre, radius = LOGO_SIZE[0] / 2, LOGO_SIZE[0] * 0.42
    draw.ellipse(_box(centre, centre, radius), fill=motif, outline=accent, width=10)
    draw.ellipse(_box(centre, centre, radius - 22), outline=accent, width=3)
    text = (initials.strip() or "?")[:2].upper()
    ink = max((ground, accent, (40, 24, 12), (250, 244, 230)), key=lambda c: _contrast(c, motif))
    _draw_initials(img, text, ink, centre, int(radius * 0.95))
    return _jpeg(img)


# ---------------------------------------------------------------- the cloth


def _draw_cloth(pattern: str, palette: list[str], seed: int, size) -> Image.Image:
    painter = _PAINTERS.get(pattern)
    if painter is None:
        raise ValueError(f"unknown pattern {pattern!r}; expected one of {', '.join(PATTERNS)}")
    colours = _colours(palette)
    rng = random.Random(seed)
    img = Image.new("RGB", (int(size[0]), int(size[1])), colours[0])
    painter(img, colours, rng)
    # Tie-dye has no wax, so no crackle; every other pattern is drawn as if waxed.
    if pattern != "jumputan":
        img = _crackle(img, colours[0], rng)
    return _cloth_texture(img, rng)


def _crackle(img: Image.Image, ground: RGB, rng: random.Random) -> Image.Image:
    """Remukan: dye creeps into cracks of the wax and leaves thin veins over the pale motifs."""
    w, h = img.size
    mask = Image.new("L", img.size, 0)
    draw = ImageDraw.Draw(mask)
    for _ in range(w * h // 22000):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        angle = rng.uniform(0, 2 * math.pi)
        points = [(x, y)]
        for _ in range(rng.randint(6, 22)):
            angle += rng.uniform(-0.7, 0.7)
            step = rng.uniform(6, 18)
            x, y = x + step * math.cos(angle), y + step * math.sin(angle)
            points.append((x, y))
        draw.line(points, fill=rng.randint(90, 150), width=1)
    vein = Image.new("RGB", img.size, _shade(ground, 0.8))
    return Image.composite(vein, img, mask)


def _cloth_texture(img: Image.Image, rng: random.Random) -> Image.Image:
    """Woven threads plus uneven dye uptake, so the picture reads as cloth, not as a vector drawing."""
    w, h = img.size
    # Blotches: low-resolution noise blown up, so it is soft like dye that took unevenly.
    tw, th = w // 6 + 1, h // 6 + 1
    noise = Image.frombytes("L", (tw, th), rng.randbytes(tw * th))
    blotch = noise.resize(img.size, Image.Resampling.BILINEAR)
    mask = ImageChops.add(_weave(img.size), blotch.point(lambda v: v // 14))
    return Image.composite(Image.new("RGB", img.size, (0, 0, 0)), img, mask)


@functools.lru_cache(maxsize=4)
def _weave(size: tuple[int, int]) -> Image.Image:
    """Threads: every third row and column a little darker, built as bytes, not pixel by pixel.
    It depends only on the size, so it is made once per size (callers only read it)."""
    w, h = size
    light_row = bytes((0, 6, 0) * (w // 3 + 1))[:w]
    dark_row = bytes((10, 16, 10) * (w // 3 + 1))[:w]
    return Image.frombytes("L", size, ((light_row * 2 + dark_row) * (h // 3 + 1))[: w * h])


# ---------------------------------------------------------------- patterns


def _kawung(img: Image.Image, c: list[RGB], rng: random.Random) -> None:
    """Four ovals around a centre, pointing to the diagonals; tips meet those of the neighbours."""
    _ground, motif, second, accent = c
    draw = ImageDraw.Draw(img)
    s = img.width / rng.choice((6, 7, 8))
    d, rx, ry = s * 0.36, s * 0.34, s * 0.21
    for cx, cy in _grid(img.size, s, s):
        for quarter in range(4):
            angle = math.pi / 4 + quarter * math.pi / 2
            ex, ey = cx + d * math.cos(angle), cy + d * math.sin(angle)
            _outlined(draw, _ellipse(ex, ey, rx, ry, angle), motif, accent, 3)
            draw.polygon(_ellipse(ex, ey, rx * 0.55, ry * 0.5, angle), fill=second)
            draw.ellipse(_box(ex, ey, s * 0.03), fill=accent)
        draw.ellipse(_box(cx, cy, s * 0.06), fill=accent)
        # cecek: a small dot where four ovals of different flowers meet
        draw.ellipse(_box(cx + s / 2, cy + s / 2, s * 0.045), fill=second, outline=accent)


def _parang(img: Image.Image, c: list[RGB], rng: random.Random) -> None:
    """Diagonal bands of S-shaped blades, with small diamonds (mlinjon) along the band edges."""
    draw = ImageDraw.Draw(img)
    band, unit = img.width / rng.choice((6.5, 7.5, 8.5)), img.width / rng.choice((11, 13, 15))
    angle = rng.choice((-math.pi / 4, math.pi / 4))
    frame = _Frame(img.size, angle)
    (u_min, u_max), (v_min, v_max) = frame.extent()
    v = v_min - band
    while v < v_max + band:
        _parang_band(draw, frame, v, band, unit, (u_min - unit, u_max + unit), c)
        v += band


def _parang_band(draw, frame, v0: float, band: float, unit: float, span, c: list[RGB]) -> None:
    _ground, motif, second, accent = c
    pad = band * 0.16
    for edge in (v0, v0 + band):
        draw.line([frame.xy(span[0], edge), frame.xy(span[1], edge)], fill=accent, width=3)
    u = span[0]
    while u < span[1]:
        draw.polygon(_blade(frame, u, v0 + pad, unit, band - 2 * pad, 1.0), fill=motif, outline=accent)
        draw.polygon(_blade(frame, u, v0 + pad, unit, band - 2 * pad, 0.35), fill=second)
        dx, dy = frame.xy(u + unit / 2, v0)
        diamond = _ellipse(dx, dy, pad * 0.8, pad * 0.45, frame.angle, steps=4)
        draw.polygon(diamond, fill=motif, outline=accent)
        u += unit


def _blade(frame, u0: float, v0: float, unit: float, height: float, thickness: float) -> list[Point]:
    """One S stroke across a band, thick in the middle like the blade of a parang."""
    left, right = [], []
    for i in range(17):
        t = i / 16
        u = u0 + unit * 0.9 * t + unit * 0.28 * math.sin(2 * math.pi * t)
        half = unit * 0.3 * thickness * (0.2 + math.sin(math.pi * t))
        v = v0 + height * t
        left.append(frame.xy(u - half, v))
        right.append(frame.xy(u + half, v))
    return left + right[::-1]


def _jumputan(img: Image.Image, c: list[RGB], rng: random.Random) -> None:
    """Tie-dye: pale tied points with soft rings, in clusters, over patches of colour (pelangi)."""
    _ground, motif, second, accent = c
    w, h = img.size
    # Patches of a second dye bath, drawn small and blurred, so their edges bleed like real dye.
    patches = Image.new("L", (w // 8, h // 8), 0)
    pd = ImageDraw.Draw(patches)
    for _ in range(rng.randint(2, 4)):
        px, py = rng.uniform(0, w / 8), rng.uniform(0, h / 8)
        pd.ellipse(_box(px, py, rng.uniform(w / 40, w / 20)), fill=rng.randint(150, 230))
    patches = patches.filter(ImageFilter.GaussianBlur(w / 100)).resize(img.size, Image.Resampling.BILINEAR)
    img.paste(Image.composite(Image.new("RGB", img.size, second), img, patches))

    scale = 4
    dots = Image.new("L", (w // scale, h // scale), 0)
    dd = ImageDraw.Draw(dots)
    s = w / rng.choice((5, 6, 7))
    centres = []
    for cx, cy in _grid(img.size, s, s * 0.9, stagger=True):
        cx, cy = cx + rng.uniform(-s, s) * 0.08, cy + rng.uniform(-s, s) * 0.08
        petals = rng.randint(5, 8)
        ring = s * rng.uniform(0.2, 0.26)
        spots = [(cx, cy, s * 0.07)] + [
            (cx + ring * math.cos(2 * math.pi * k / petals), cy + ring * math.sin(2 * math.pi * k / petals),
             s * 0.055) for k in range(petals)]
        for x, y, r in spots:
            dd.ellipse(_box(x / scale, y / scale, r * 1.7 / scale), outline=120, width=1)
            dd.ellipse(_box(x / scale, y / scale, r / scale), fill=255)
            centres.append((x, y, r))
    dots = dots.filter(ImageFilter.GaussianBlur(1.6)).resize(img.size, Image.Resampling.BILINEAR)
    img.paste(Image.composite(Image.new("RGB", img.size, motif), img, dots))

    # Where the thread was wound the cloth stays creased: a dark knot with a few folds out of it.
    draw = ImageDraw.Draw(img)
    for x, y, r in centres:
        for k in range(rng.randint(3, 5)):
            a = rng.uniform(0, 2 * math.pi) + k
            draw.line([(x, y), (x + r * 0.8 * math.cos(a), y + r * 0.8 * math.sin(a))], fill=second, width=2)
        draw.ellipse(_box(x, y, r * 0.18), fill=accent)


def _pedada(img: Image.Image, c: list[RGB], rng: random.Random) -> None:
    """Sprigs of pedada mangrove (Sonneratia): paired oval leaves and the round fruit with its calyx."""
    second = c[2]
    draw = ImageDraw.Draw(img)
    w, h = img.size
    for _ in range(w * h // 2500):
        draw.ellipse(_box(rng.uniform(0, w), rng.uniform(0, h), 2.2), fill=second)
    s = w / rng.choice((3.5, 4, 4.5))
    for cx, cy in _grid(img.size, s, s * 0.85, stagger=True):
        _pedada_sprig(draw, cx, cy, s, rng.uniform(-0.5, 0.5) + math.pi / 2, c)


def _pedada_sprig(draw, cx: float, cy: float, s: float, angle: float, c: list[RGB]) -> None:
    ground, motif, second, accent = c
    # The stem runs from (cx, cy) towards the fruit, bending gently.
    stem = []
    for i in range(9):
        t = i / 8
        a = angle + 0.5 * math.sin(math.pi * t)
        stem.append((cx - math.cos(a) * s * 0.35 * (1 - 2 * t), cy - math.sin(a) * s * 0.35 * (1 - 2 * t)))
    draw.line(stem, fill=accent, width=5)
    for i in (2, 4, 6):
        x, y = stem[i]
        for side in (-1, 1):
            leaf_angle = angle + side * 1.0
            lx, ly = x + math.cos(leaf_angle) * s * 0.12, y + math.sin(leaf_angle) * s * 0.12
            leaf = _ellipse(lx, ly, s * 0.12, s * 0.05, leaf_angle)
            _outlined(draw, leaf, motif, accent, 2)
            # the midrib: from the stem to near the tip of the leaf
            tip = (lx + math.cos(leaf_angle) * s * 0.09, ly + math.sin(leaf_angle) * s * 0.09)
            draw.line([(x, y), tip], fill=ground, width=2)
    fx, fy = stem[-1]
    r = s * 0.09
    # Calyx: pointed sepals spread under the fruit like a star.
    for k in range(6):
        a = angle - math.pi / 2 + (k - 2.5) * 0.45
        tip = (fx + math.cos(a) * r * 1.9, fy + math.sin(a) * r * 1.9)
        base = [(fx + math.cos(a + d) * r * 0.7, fy + math.sin(a + d) * r * 0.7) for d in (-0.35, 0.35)]
        draw.polygon([base[0], tip, base[1]], fill=accent)
    draw.ellipse(_box(fx, fy, r), fill=second, outline=accent, width=3)
    draw.ellipse(_box(fx, fy, r * 0.45), fill=motif)
    top = (fx + math.cos(angle + math.pi / 2) * r * 1.7, fy + math.sin(angle + math.pi / 2) * r * 1.7)
    draw.line([(fx, fy), top], fill=accent, width=3)


def _ceplok(img: Image.Image, c: list[RGB], rng: random.Random) -> None:
    """Eight-pointed stars repeated on a square grid, with smaller stars between them."""
    ground, motif, second, accent = c
    draw = ImageDraw.Draw(img)
    s = img.width / rng.choice((5, 6, 7))
    points = rng.choice((8, 12))
    for cx, cy in _grid(img.size, s, s):
        _outlined(draw, _star(cx, cy, s * 0.46, s * 0.22, points), motif, accent, 3)
        draw.ellipse(_box(cx, cy, s * 0.14), fill=second, outline=accent, width=2)
        draw.ellipse(_box(cx, cy, s * 0.045), fill=ground)
        mx, my = cx + s / 2, cy + s / 2
        draw.polygon(_star(mx, my, s * 0.16, s * 0.07, 4), fill=second, outline=accent)
        for dx, dy in ((0.5, 0), (0, 0.5)):
            draw.ellipse(_box(cx + dx * s, cy + dy * s, s * 0.03), fill=accent)


def _sungai(img: Image.Image, c: list[RGB], rng: random.Random) -> None:
    """The Musi and its tributaries: bands of waves with ikan belida and perahu kajang between them."""
    motif, accent = c[1], c[3]
    draw = ImageDraw.Draw(img)
    w, h = img.size
    gap = w / rng.choice((7, 8, 9))
    wavelength = w / rng.choice((4, 5, 6))
    y = gap * 0.4
    while y < h + gap:
        phase = rng.uniform(0, 2 * math.pi)
        for offset, colour, width in ((-8, motif, 4), (0, accent, 3), (8, motif, 4)):
            wave = [(x, y + offset + gap * 0.12 * math.sin(2 * math.pi * x / wavelength + phase))
                    for x in range(-10, w + 30, 20)]
            draw.line(wave, fill=colour, width=width)
        x = rng.uniform(0, gap)
        while x < w + gap and y + gap / 2 < h + gap:
            if rng.random() < 0.3:
                _boat(draw, x, y + gap * 0.6, gap * 0.85, c)
            else:
                _fish(draw, x, y + gap * 0.5, gap * 0.32, rng.choice((-1, 1)) * rng.uniform(0, 0.3), c)
            x += gap * rng.uniform(1.2, 1.8)
        y += gap


def _fish(draw, x: float, y: float, length: float, tilt: float, c: list[RGB]) -> None:
    ground, motif, second, accent = c
    cos, sin = math.cos(tilt), math.sin(tilt)
    tail_root = (x - cos * length * 0.9, y - sin * length * 0.9)
    tail_end = (tail_root[0] - cos * length * 0.4, tail_root[1] - sin * length * 0.4)
    spread = length * 0.3
    tail = [tail_root] + [(tail_end[0] - sin * d, tail_end[1] + cos * d) for d in (-spread, spread)]
    draw.polygon(tail, fill=second, outline=accent)
    _outlined(draw, _ellipse(x, y, length, length * 0.38, tilt), motif, accent, 2)
    draw.ellipse(_box(x + cos * length * 0.6, y + sin * length * 0.6, length * 0.08), fill=accent)
    draw.line([(x - cos * length * 0.3, y - sin * length * 0.3 - length * 0.25),
               (x - cos * length * 0.3, y - sin * length * 0.3 + length * 0.25)], fill=ground, width=2)


def _boat(draw, x: float, y: float, length: float, c: list[RGB]) -> None:
    """Perahu kajang: a long hull under a curved roof of nipah-leaf mats."""
    ground, motif, second, accent = c
    half = length / 2
    hull = [(x - half * 1.15, y - length * 0.12), (x + half * 1.15, y - length * 0.12),
            (x + half * 0.8, y + length * 0.1), (x - half * 0.8, y + length * 0.1)]
    roof = (x - half * 0.55, y - length * 0.45, x + half * 0.55, y + length * 0.1)
    draw.chord(roof, 180, 360, fill=second, outline=accent, width=2)
    _outlined(draw, hull, motif, accent, 2)
    # a painted stripe along the hull
    stripe_y = y - length * 0.02
    draw.line([(x - half * 0.9, stripe_y), (x + half * 0.9, stripe_y)], fill=ground, width=2)


def _tumpal(img: Image.Image, c: list[RGB], rng: random.Random) -> None:
    """A kepala kain: rows of tall triangles (pucuk rebung) at both ends, a diamond lattice between."""
    ground, motif, second, accent = c
    draw = ImageDraw.Draw(img)
    w, h = img.size
    step = w / rng.choice((10, 12, 14))
    for x in _frange(-h - step, w + h, step):
        draw.line([(x, 0), (x + h, h)], fill=second, width=2)
        draw.line([(x + step / 2, 0), (x + step / 2 - h, h)], fill=second, width=2)
    for cx, cy in _grid(img.size, step, step, stagger=True):
        draw.ellipse(_box(cx, cy + step / 2, step * 0.08), fill=motif)
    border = min(max(h * 0.2, step * 1.4), h * 0.3)
    tri = w / rng.choice((6, 8, 10))
    for top in (True, False):
        edge, inner = (0, border) if top else (h, h - border)
        draw.rectangle((0, min(edge, inner), w, max(edge, inner)), fill=ground)
        for x0 in _frange(0, w, tri):
            outer = [(x0, edge), (x0 + tri, edge), (x0 + tri / 2, inner)]
            _outlined(draw, outer, motif, accent, 3)
            near, far = edge + (inner - edge) * 0.2, edge + (inner - edge) * 0.8
            draw.polygon([(x0 + tri * 0.25, near), (x0 + tri * 0.75, near), (x0 + tri / 2, far)], fill=second)
            draw.ellipse(_box(x0 + tri, edge + (inner - edge) * 0.3, tri * 0.06), fill=motif)
        for offset in (6, 14):
            line_y = inner + (offset if top else -offset)
            draw.line([(0, line_y), (w, line_y)], fill=accent, width=3)


_PAINTERS: dict[str, Callable[[Image.Image, list[RGB], random.Random], None]] = {
    "kawung": _kawung,
    "parang": _parang,
    "jumputan": _jumputan,
    "pedada": _pedada,
    "ceplok": _ceplok,
    "sungai": _sungai,
    "tumpal": _tumpal,
}
assert set(_PAINTERS) == set(PATTERNS)


# ---------------------------------------------------------------- geometry


class _Frame:
    """Coordinates along (u) and across (v) a direction, for patterns that run diagonally."""

    def __init__(self, size, angle: float):
        self.angle = angle
        self.cx, self.cy = size[0] / 2, size[1] / 2
        self.cos, self.sin = math.cos(angle), math.sin(angle)
        self.size = size

    def xy(self, u: float, v: float) -> Point:
        return self.cx + u * self.cos - v * self.sin, self.cy + u * self.sin + v * self.cos

    def extent(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The (u, v) ranges that cover the picture, from its four corners."""
        corners = [(x - self.cx, y - self.cy) for x in (0, self.size[0]) for y in (0, self.size[1])]
        us = [x * self.cos + y * self.sin for x, y in corners]
        vs = [-x * self.sin + y * self.cos for x, y in corners]
        return (min(us), max(us)), (min(vs), max(vs))


def _grid(size, dx: float, dy: float, stagger: bool = False):
    """Cell centres covering the picture and one cell beyond, so motifs are cut at the selvedge."""
    y, row = 0.0, 0
    while y < size[1] + dy:
        shift = dx / 2 if stagger and row % 2 else 0.0
        x = -dx + shift
        while x < size[0] + dx:
            yield x, y
            x += dx
        y += dy
        row += 1


def _frange(start: float, stop: float, step: float):
    while start < stop:
        yield start
        start += step


def _ellipse(cx: float, cy: float, rx: float, ry: float, angle: float, steps: int = 28) -> list[Point]:
    """A rotated ellipse as a polygon, since ImageDraw only draws upright ones."""
    cos, sin = math.cos(angle), math.sin(angle)
    points = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x * cos - y * sin, cy + x * sin + y * cos))
    return points


def _outlined(draw: ImageDraw.ImageDraw, points: list[Point], fill: RGB, outline: RGB, width: int) -> None:
    """A filled polygon with a thick outline. ImageDraw.polygon(width>1) builds a full-size mask on
    every call, which is slow for hundreds of shapes; a closed line costs almost nothing."""
    draw.polygon(points, fill=fill)
    draw.line([*points, points[0]], fill=outline, width=width)


def _star(cx: float, cy: float, outer: float, inner: float, points: int) -> list[Point]:
    return [(cx + (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / points - math.pi / 2),
             cy + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / points - math.pi / 2))
            for i in range(2 * points)]


def _box(cx: float, cy: float, r: float) -> tuple[float, float, float, float]:
    return cx - r, cy - r, cx + r, cy + r


# ---------------------------------------------------------------- colours and output


def _colours(palette: list[str]) -> list[RGB]:
    """Ground, motif, second, accent; a short palette is completed from the colours it has."""
    if not 1 < len(palette) < 5:
        raise ValueError("a palette has two to four colours")
    rgb = [ImageColor.getrgb(colour)[:3] for colour in palette]
    ground, motif = rgb[0], rgb[1]
    second = rgb[2] if len(rgb) > 2 else _mix(ground, motif, 0.35)
    accent = rgb[3] if len(rgb) > 3 else _shade(ground, 0.55)
    return [ground, motif, second, accent]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _shade(colour: RGB, factor: float) -> RGB:
    return tuple(round(x * factor) for x in colour)


def _contrast(a: RGB, b: RGB) -> float:
    def luminance(c: RGB) -> float:
        return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]

    return abs(luminance(a) - luminance(b))


def _font(size: int):
    """Pillow's built-in scalable font when FreeType is there (Pillow >= 10.1), else None."""
    try:
        font = ImageFont.load_default(size=size)
    except TypeError:  # older Pillow: load_default() takes no size
        return None
    return font if isinstance(font, ImageFont.FreeTypeFont) else None


def _draw_initials(img: Image.Image, text: str, ink: RGB, centre: float, height: int) -> None:
    font = _font(int(height * (0.75 if len(text) > 1 else 0.95)))
    if font is not None:
        ImageDraw.Draw(img).text((centre, centre), text, fill=ink, font=font, anchor="mm")
        return
    # Without FreeType: draw with the small bitmap font and blow the letters up.
    bitmap = ImageFont.load_default()
    left, top, right, bottom = ImageDraw.Draw(img).textbbox((0, 0), text, font=bitmap)
    small = Image.new("L", (right - left + 2, bottom - top + 2), 0)
    ImageDraw.Draw(small).text((1 - left, 1 - top), text, fill=255, font=bitmap)
    factor = min(height * 0.6 / small.height, height * 1.4 / small.width)
    mask = small.resize((round(small.width * factor), round(small.height * factor)), Image.Resampling.NEAREST)
    corner = (round(centre - mask.width / 2), round(centre - mask.height / 2))
    img.paste(Image.new("RGB", mask.size, ink), corner, mask)


def _jpeg(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
