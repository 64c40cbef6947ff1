//! Filling `{{ … }}` values into a page as one portal shows it: the same
//! text for everyone, the reader's own when it differs by partner, and in
//! the staff portal (which has no one reader) the value's name, marked.
//! Every value was checked at load for every partner that can see it.

use pulldown_cmark_escape::{FmtWriter, escape_html};

use crate::model::data::DataFile;
use crate::model::kit::Kit;
use crate::model::partners::Partner;
use crate::model::values::{Expr, Filled};

/// Write value `filled` for `reader` (none: the staff portal) as HTML.
pub fn fill(kit: &Kit, reader: Option<&Partner>, filled: &Filled, out: &mut String) {
    match (filled, reader) {
        (Filled::Text(text), _) => escape(out, text),
        (Filled::PerPartner(expr), Some(p)) => {
            escape(out, &expr.eval(&kit.data, Some(p)).unwrap_or_default());
        }
        (Filled::PerPartner(expr), None) => {
            out.push_str("<var class=\"per-partner\" title=\"Filled in for each partner\">");
            escape(out, &name(expr));
            out.push_str("</var>");
        }
    }
}

/// A value of a partner's own profile, for that partner.
pub fn own(text: &str, p: &Partner, data: &[DataFile], out: &mut String) {
    let value = Expr::parse(text).and_then(|e| e.eval(data, Some(p)));
    escape(out, &value.unwrap_or_default());
}

/// How the staff portal names a per-partner value: `partner.name`,
/// `price-book[partner.tier].discount`.
fn name(expr: &Expr) -> String {
    match expr {
        Expr::Partner(field) => format!("partner.{field}"),
        Expr::Data { file, path } => {
            let mut s = format!("data.{file}");
            for key in path {
                match key {
                    crate::model::values::Key::Name(n) => {
                        s.push('.');
                        s.push_str(n);
                    }
                    crate::model::values::Key::Partner(f) => {
                        s.push_str("[partner.");
                        s.push_str(f);
                        s.push(']');
                    }
                }
            }
            s
        }
    }
}

fn escape(out: &mut String, s: &str) {
    let _ = escape_html(FmtWriter(out), s);
}
