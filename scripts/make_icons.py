"""Draw Piri's app icons (docs/decisions/0015-service-worker.md): a white ring with an orange
dot, "feel it here", on the brand blue. Run once; the PNGs are committed.

    uv run python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "src" / "piri" / "static" / "piri" / "icons"
BRAND = (31, 78, 121, 255)
WHITE = (255, 255, 255, 255)
ORANGE = (230, 120, 20, 255)


def draw(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # drawn large, then scaled down for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:  # full bleed: the launcher cuts its own shape; keep the mark in the safe zone
        pen.rectangle((0, 0, big, big), fill=BRAND)
        inner = 0.30
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=BRAND)
        inner = 0.20
    box = (big * inner, big * inner, big * (1 - inner), big * (1 - inner))
    pen.ellipse(box, outline=WHITE, width=round(big * 0.075))
    r = big * 0.09
    cx, cy = big * 0.5, big * 0.5
    pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ORANGE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
