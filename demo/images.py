"""Illustrations drawn locally with Pillow, so the demo needs no network and no stock photos."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ((28, 92, 160), (140, 196, 235), (56, 128, 62), (226, 180, 60)),
    ((175, 70, 40), (245, 190, 120), (120, 96, 48), (250, 228, 150)),
    ((20, 110, 100), (150, 220, 205), (40, 96, 40), (240, 240, 220)),
    ((70, 50, 130), (200, 170, 230), (60, 110, 80), (250, 200, 90)),
    ((12, 60, 100), (100, 170, 210), (90, 140, 60), (255, 240, 200)),
    ((150, 30, 40), (240, 150, 130), (100, 80, 60), (255, 220, 110)),
]


def landscape_jpeg(seed: int, width: int = 1600, height: int = 900) -> bytes:
    """A deterministic landscape (sky, sun, hills, fields, a road) as JPEG bytes."""
    rng = random.Random(seed)
    sky_top, sky_bottom, land, sun = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.45, 0.6))
    for y in range(horizon):
        t = y / horizon
        draw.line(
            [(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(sky_top, sky_bottom, strict=True))
        )
    sun_x, sun_r = rng.randint(width // 6, width * 5 // 6), rng.randint(50, 110)
    draw.ellipse([sun_x - sun_r, horizon // 3 - sun_r, sun_x + sun_r, horizon // 3 + sun_r], fill=sun)
    for layer in range(3):
        shade = tuple(max(0, min(255, c + 25 * (layer - 1))) for c in land)
        base = horizon + layer * (height - horizon) // 4
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base - rng.randint(0, 120 - layer * 30)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    road = [
        (width // 2 - 30, horizon + 40),
        (width // 2 + 30, horizon + 40),
        (width // 2 + 260, height),
        (width // 2 - 260, height),
    ]
    draw.polygon(road, fill=(110, 110, 110))
    for i in range(rng.randint(8, 16)):
        x, y = rng.randint(0, width), rng.randint(horizon + 20, height - 40)
        draw.rectangle([x, y - 40, x + 50, y], fill=(230, 225, 215))
        draw.polygon(
            [(x - 8, y - 40), (x + 25, y - 70), (x + 58, y - 40)], fill=(170, 60, 40) if i % 2 else (60, 60, 90)
        )
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
