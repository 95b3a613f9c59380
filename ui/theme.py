"""Brand colours, sizes and the one style sheet every screen shares.

Why one module: the accessibility bars (touch targets of at least 20 mm, about 120 px at
the default size; text contrast of at least 4.5:1, WCAG 1.4.3) are checked here once by
``contrast_ratio`` in a test, instead of being re-decided on every screen. Large-text
mode scales fonts by ``LARGE_TEXT_SCALE``; targets never shrink.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- colours (foreground/background pairs are tested for 4.5:1) ----------------------
BRAND = "#0B4F9C"  # deep blue: header, primary buttons
BRAND_DARK = "#083A73"  # pressed state
ON_BRAND = "#FFFFFF"
ACCENT = "#E8F0FB"  # pale blue tile background
ON_ACCENT = "#0B2F5C"
BACKGROUND = "#F7F9FC"
TEXT = "#1A1A1A"
MUTED_TEXT = "#4A5260"  # secondary text on BACKGROUND
DISABLED_BG = "#E3E6EA"
DISABLED_TEXT = "#4F5660"
SUCCESS = "#1B6E20"
ERROR = "#B00020"
WARNING_BG = "#FFD54F"  # offline banner
WARNING_TEXT = "#1A1A1A"
SURFACE = "#FFFFFF"

#: (foreground, background, where) pairs shown as text; each must reach 4.5:1.
TEXT_PAIRS: tuple[tuple[str, str, str], ...] = (
    (TEXT, BACKGROUND, "body text"),
    (TEXT, SURFACE, "cards"),
    (MUTED_TEXT, BACKGROUND, "secondary text"),
    (ON_BRAND, BRAND, "header and primary buttons"),
    (ON_BRAND, BRAND_DARK, "pressed buttons"),
    (ON_ACCENT, ACCENT, "service tiles"),
    (DISABLED_TEXT, DISABLED_BG, "disabled buttons and their reasons"),
    (SUCCESS, SURFACE, "success messages"),
    (ERROR, SURFACE, "errors"),
    (ERROR, BACKGROUND, "validation messages"),
    (WARNING_TEXT, WARNING_BG, "offline banner"),
)

# --- sizes (px at 1080 px short side) ------------------------------------------------
MIN_TOUCH_PX = 120  # 20 mm at ~150 dpi
KEYPAD_KEY_PX = 140  # four rows + gaps fit the 708 px landscape body (150 cut the last row)
TILE_MIN_PX = 220
GAP_PX = 24
BASE_FONT_PX = 34
TITLE_FONT_PX = 56
HUGE_FONT_PX = 88
SMALL_FONT_PX = 28
LARGE_TEXT_SCALE_PERCENT = 130  # integer percent: large-text mode


def _luminance(hex_colour: str) -> float:
    """Relative luminance per WCAG 2.x (sRGB)."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1.0 .. 21.0)."""
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass(frozen=True)
class Scale:
    """Font sizes for one text mode; touch targets stay at least ``MIN_TOUCH_PX``."""

    percent: int = 100

    def px(self, base: int) -> int:
        return base * self.percent // 100

    @property
    def body(self) -> int:
        return self.px(BASE_FONT_PX)

    @property
    def title(self) -> int:
        return self.px(TITLE_FONT_PX)

    @property
    def huge(self) -> int:
        return self.px(HUGE_FONT_PX)

    @property
    def small(self) -> int:
        return self.px(SMALL_FONT_PX)


def scale_for(large_text: bool) -> Scale:
    return Scale(LARGE_TEXT_SCALE_PERCENT if large_text else 100)


#: Qt draws glyphs this large as paths, and a synthetic bold (a family with no bold face,
#: like WenQuanYi Micro Hei) is then lost (``ui.layout_check`` rule ``bold-lost``).
PATH_GLYPH_PX = 64


def bold(px: int, synthetic: bool) -> str:
    """Style for bold text of ``px``: with only a synthetic bold, headings stay just below
    the path-glyph size so they stay bold (large text: 63 px bold, not 72 px regular)."""
    size = min(px, PATH_GLYPH_PX - 1) if synthetic else px
    return f"font-size: {size}px; font-weight: bold;"


def style_sheet(scale: Scale, font_family: str | None = None, *,
                synthetic_bold: bool = False) -> str:
    """The application style sheet; object names and dynamic properties select roles.

    ``synthetic_bold``: the family has no bold face (see ``bold``). The huge digits (an
    amount, a phone number) keep their size and are set regular, which is how they render
    at that size anyway.
    """
    family = f'font-family: "{font_family}";' if font_family else ""
    sb = synthetic_bold
    title = bold(scale.title, sb)
    huge = (f"font-size: {scale.huge}px; font-weight: normal;"
            if sb and scale.huge >= PATH_GLYPH_PX else bold(scale.huge, sb))
    return f"""
    QWidget {{ {family} font-size: {scale.body}px; color: {TEXT}; }}
    QWidget#screen {{ background: {BACKGROUND}; }}
    QFrame#header {{ background: {BRAND}; }}
    QFrame#footer {{ background: {BACKGROUND}; border-top: 2px solid {DISABLED_BG}; }}
    QLabel#brand {{ color: {ON_BRAND}; {title} }}
    QLabel#clock {{ color: {ON_BRAND}; font-size: {scale.body}px; }}
    QLabel#title {{ {title} color: {TEXT}; }}
    QLabel#subtitle {{ font-size: {scale.body}px; color: {MUTED_TEXT}; }}
    QLabel#tileTitle {{ color: {ON_ACCENT}; {title} }}
    QLabel#tileDetail {{ color: {ON_ACCENT}; font-size: {scale.body}px; }}
    QLabel#tileTitle:disabled, QLabel#tileDetail:disabled {{ color: {DISABLED_TEXT}; }}
    QLabel#huge {{ {huge} color: {TEXT}; }}
    QLabel#value {{ font-size: {scale.body}px; font-weight: bold; color: {TEXT}; }}
    QLabel#error {{ color: {ERROR}; font-size: {scale.body}px; }}
    QLabel#success {{ color: {SUCCESS}; {title} }}
    QLabel#failure {{ color: {ERROR}; {title} }}
    QLabel#banner {{ background: {WARNING_BG}; color: {WARNING_TEXT};
                     font-size: {scale.body}px; padding: 16px; }}
    QFrame#overlay {{ background: rgba(0, 0, 0, 160); }}
    QFrame#card {{ background: {SURFACE}; border: 2px solid {DISABLED_BG};
                   border-radius: 16px; }}
    QPushButton {{ min-height: {MIN_TOUCH_PX}px; min-width: {MIN_TOUCH_PX}px;
                   border-radius: 16px; padding: 8px 24px; font-size: {scale.body}px;
                   background: {BRAND}; color: {ON_BRAND}; border: none; }}
    QPushButton:pressed {{ background: {BRAND_DARK}; }}
    QPushButton:disabled {{ background: {DISABLED_BG}; color: {DISABLED_TEXT}; }}
    QPushButton[role="tile"] {{ background: {ACCENT}; color: {ON_ACCENT};
                   {title} border: 3px solid {BRAND};
                   min-height: {TILE_MIN_PX}px; }}
    QPushButton[role="tile"]:disabled {{ background: {DISABLED_BG}; color: {DISABLED_TEXT};
                   border: 3px solid {DISABLED_BG}; }}
    QPushButton[role="nav"] {{ background: {SURFACE}; color: {BRAND};
                   border: 3px solid {BRAND}; font-weight: bold; }}
    QPushButton[role="nav"]:checked {{ background: {BRAND}; color: {ON_BRAND}; }}
    QLabel#report {{ font-family: "DejaVu Sans Mono", monospace; font-size: {scale.small}px;
                     color: {TEXT}; }}
    QPushButton[role="header"] {{ padding: 8px 12px; background: {BRAND_DARK}; color: {ON_BRAND};
                   border: 2px solid {ON_BRAND}; }}
    QPushButton[role="header"]:checked {{ background: {ON_BRAND}; color: {BRAND}; }}
    QPushButton[role="key"] {{ background: {SURFACE}; color: {TEXT};
                   border: 2px solid {DISABLED_TEXT}; font-size: {scale.title}px;
                   min-height: {KEYPAD_KEY_PX}px; }}
    QPushButton[role="key"]:pressed {{ background: {ACCENT}; }}
    QPushButton[role="danger"] {{ background: {ERROR}; color: {ON_BRAND}; }}
    """
