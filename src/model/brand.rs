//! Brand colours made readable: a partner picks any colour, and every text
//! and control drawn on or in it meets WCAG AA (4.5:1 for text, 3:1 for a
//! control's boundary against the page). Where the colour itself cannot,
//! the nearest shade of it that can is used (mixed towards black or white
//! in small steps, so the hue stays the partner's).
//!
//! Pure functions: `portal` writes the result into each portal's
//! `brand.css`.

pub type Rgb = [u8; 3];

pub const WHITE: Rgb = [255, 255, 255];
pub const BLACK: Rgb = [0, 0, 0];
/// The theme's body text colour, the first choice for dark text.
pub const INK: Rgb = [0x11, 0x18, 0x27];

/// WCAG AA for normal text.
pub const TEXT: f64 = 4.5;
/// WCAG AA for the boundary of a control and for state indicators.
pub const NON_TEXT: f64 = 3.0;

/// `#rgb` or `#rrggbb` to RGB.
pub fn parse_hex(s: &str) -> Option<Rgb> {
    let hex = s.trim().strip_prefix('#')?;
    let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
    match hex.len() {
        3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17]),
        6 => {
            let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
            Some([byte(0)?, byte(2)?, byte(4)?])
        }
        _ => None,
    }
}

pub fn hex([r, g, b]: Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// sRGB channel values linearised, once: the palette search asks for
/// thousands of contrasts.
static LINEAR: std::sync::LazyLock<[f64; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let c = i as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    })
});

fn luminance([r, g, b]: Rgb) -> f64 {
    let lin = |c: u8| LINEAR[usize::from(c)];
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG contrast ratio between two colours.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `from` moved `t` (0–1) of the way to `to`, per sRGB channel.
pub fn mix(from: Rgb, to: Rgb, t: f64) -> Rgb {
    let ch = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    [ch(from[0], to[0]), ch(from[1], to[1]), ch(from[2], to[2])]
}

/// The text colour that reads best on `background`: the theme's ink,
/// white, or (when neither is enough) black.
pub fn readable_on(background: Rgb) -> Rgb {
    let best = match contrast(background, INK) >= contrast(background, WHITE) {
        true => INK,
        false => WHITE,
    };
    match contrast(background, best) < TEXT && best == INK {
        true => BLACK,
        false => best,
    }
}

/// The shade of `colour` nearest to it (fewest steps towards black or
/// white) that satisfies `ok`; `colour` itself when it does.
fn nearest(colour: Rgb, ok: impl Fn(Rgb) -> bool) -> Rgb {
    for step in 0..=100 {
        let t = f64::from(step) / 100.0;
        for target in [BLACK, WHITE] {
            let c = mix(colour, target, t);
            if ok(c) {
                return c;
            }
        }
    }
    BLACK
}

/// A fill and the text drawn on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fill {
    pub fill: Rgb,
    pub on: Rgb,
}

/// A surface in the brand colour (the header bar, a badge): its text
/// reaches 4.5:1.
pub fn surface(brand: Rgb) -> Fill {
    let fill = nearest(brand, |c| contrast(c, readable_on(c)) >= TEXT);
    Fill {
        fill,
        on: readable_on(fill),
    }
}

/// A control in the brand colour (a primary button, a pressed chip) on
/// any of `backgrounds`: its text reaches 4.5:1 and its edge 3:1 against
/// each background, so it reads as a control, not a label.
pub fn control(brand: Rgb, backgrounds: &[Rgb]) -> Fill {
    let fill = nearest(brand, |c| {
        contrast(c, readable_on(c)) >= TEXT
            && backgrounds.iter().all(|b| contrast(c, *b) >= NON_TEXT)
    });
    Fill {
        fill,
        on: readable_on(fill),
    }
}

/// Text (links, a line that marks the current page) in the brand colour
/// on each of `backgrounds`, at `ratio` or better.
pub fn ink(brand: Rgb, backgrounds: &[Rgb], ratio: f64) -> Rgb {
    nearest(brand, |c| {
        backgrounds.iter().all(|b| contrast(c, *b) >= ratio)
    })
}

/// A pale tint of the brand colour for card and hero backgrounds: `share`
/// of the colour, the rest white.
pub fn tint(brand: Rgb, share: f64) -> Rgb {
    mix(brand, WHITE, 1.0 - share)
}

/// Everything `brand.css` sets for one partner's colours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub primary: Fill,
    pub control: Fill,
    pub accent: Rgb,
    pub accent_fill: Fill,
    /// The raw accent, for stripes and decoration only.
    pub accent_line: Rgb,
    pub link: Rgb,
    pub primary_tint: Rgb,
    pub accent_tint: Rgb,
}

/// The theme's subtle grey background, on which links and controls sit too.
const SUBTLE: Rgb = [0xf6, 0xf7, 0xf9];

impl Palette {
    pub fn new(primary: Rgb, accent: Rgb) -> Self {
        let primary_tint = tint(primary, 0.07);
        let accent_tint = tint(accent, 0.09);
        let page = [WHITE, SUBTLE, primary_tint, accent_tint];
        Palette {
            primary: surface(primary),
            control: control(primary, &page),
            accent,
            accent_fill: surface(accent),
            accent_line: ink(accent, &page, NON_TEXT),
            link: ink(mix(primary, INK, 0.2), &page, TEXT),
            primary_tint,
            accent_tint,
        }
    }

    /// The `:root` custom properties of `brand.css`.
    pub fn css(&self) -> String {
        let vars = [
            ("brand-primary", self.primary.fill),
            ("brand-on-primary", self.primary.on),
            ("brand-control", self.control.fill),
            ("brand-on-control", self.control.on),
            ("brand-accent", self.accent),
            ("brand-accent-fill", self.accent_fill.fill),
            ("brand-on-accent", self.accent_fill.on),
            ("brand-accent-line", self.accent_line),
            ("link", self.link),
            ("brand-tint", self.primary_tint),
            ("accent-tint", self.accent_tint),
        ];
        let mut css = String::from(":root {\n");
        for (name, value) in vars {
            css.push_str(&format!("  --{name}: {};\n", hex(value)));
        }
        css.push_str("}\n");
        css
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every 8th step of each channel (32 768 colours), and the extremes.
    fn sweep() -> impl Iterator<Item = Rgb> {
        let steps = || (0..=255u8).step_by(8).chain([255]);
        steps()
            .flat_map(move |r| steps().map(move |g| (r, g)))
            .flat_map(move |(r, g)| steps().map(move |b| [r, g, b]))
            .chain([WHITE, BLACK, [0xe6, 0x39, 0x46], [0xfd, 0xfb, 0xe8]])
    }

    #[test]
    fn every_brand_colour_gives_a_readable_palette() {
        let mut checked = 0;
        for primary in sweep() {
            // Accents vary too: pair each colour with its complement.
            let accent = [255 - primary[0], primary[2], primary[1]];
            let p = Palette::new(primary, accent);
            let page = [WHITE, SUBTLE, p.primary_tint, p.accent_tint];
            let at = |what: &str, a: Rgb, b: Rgb, min: f64| {
                let c = contrast(a, b);
                assert!(
                    c >= min,
                    "{what} for {}: {} on {} is {c:.2}:1",
                    hex(primary),
                    hex(a),
                    hex(b)
                );
            };
            at("header text", p.primary.on, p.primary.fill, TEXT);
            at("accent text", p.accent_fill.on, p.accent_fill.fill, TEXT);
            at("button text", p.control.on, p.control.fill, TEXT);
            for bg in page {
                at("button edge", p.control.fill, bg, NON_TEXT);
                at("link", p.link, bg, TEXT);
                at("current-page line", p.accent_line, bg, NON_TEXT);
                at("body text on tints", INK, bg, TEXT);
            }
            checked += 1;
        }
        assert!(checked > 30_000);
    }

    #[test]
    fn the_colours_from_the_field_are_fixed() {
        // Mid-tone red: neither white (4.0:1) nor ink passes on it.
        let red = parse_hex("#e63946").unwrap();
        assert!(contrast(red, WHITE) < TEXT && contrast(red, INK) < TEXT);
        let s = surface(red);
        assert!(contrast(s.fill, s.on) >= TEXT);
        assert_ne!(s.fill, BLACK, "a shade of red, not black");
        // Very light yellow: the button is no longer a label.
        let light = parse_hex("#fdfbe8").unwrap();
        let c = control(light, &[WHITE]);
        assert!(contrast(c.fill, WHITE) >= NON_TEXT);
        // A colour that already passes is kept as it is.
        let blue = parse_hex("#0b5fff").unwrap();
        assert_eq!(surface(blue).fill, blue);
        assert_eq!(readable_on(blue), WHITE);
        assert_eq!(readable_on(parse_hex("#ffd23f").unwrap()), INK);
    }
}
