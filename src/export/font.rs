//! A subset of the bundled TrueType font holding only the characters a picture uses, for `@font-face` in an
//! exported SVG, so browsers draw the same glyphs resvg draws without shipping the 1.3 MB font.
//!
//! No crate in the tree writes fonts (`subsetter` drops `cmap`, which a web font needs; `klippa` would pull in
//! `write-fonts`), and the bundled font is plain TrueType, so this module writes the few tables a browser's font
//! sanitiser requires itself: `cmap` (format 4), `glyf`/`loca` (long offsets) and `hmtx` for the kept glyphs,
//! renumbered (composite glyphs keep their components, renumbered too), and `head`, `hhea`, `maxp`, `OS/2`,
//! `name` and `post` (version 3, no glyph names) copied with their counts patched. `kern` is left out on purpose:
//! the scene measures text without kerning, so the exported text keeps the widths the lines were broken for.

use std::collections::{BTreeMap, BTreeSet};

use skrifa::MetadataProvider as _;

/// Tables copied as they are (apart from the patched counts).
const COPIED: [&[u8; 4]; 4] = [b"OS/2", b"head", b"hhea", b"name"];

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([*data.get(at)?, *data.get(at + 1)?, *data.get(at + 2)?, *data.get(at + 3)?]))
}

fn put_u16(data: &mut [u8], at: usize, value: u16) -> Option<()> {
    data.get_mut(at..at + 2)?.copy_from_slice(&value.to_be_bytes());
    Some(())
}

/// The table directory of a font: tag -> bytes.
fn tables(font: &[u8]) -> Option<BTreeMap<[u8; 4], &[u8]>> {
    let count = usize::from(u16_at(font, 4)?);
    let mut out = BTreeMap::new();
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = u32_at(font, record + 8)? as usize;
        let length = u32_at(font, record + 12)? as usize;
        out.insert(tag, font.get(offset..offset.checked_add(length)?)?);
    }
    Some(out)
}

/// The glyph outlines of a TrueType font, by glyph id.
struct Glyphs<'a> {
    glyf: &'a [u8],
    loca: &'a [u8],
    long: bool,
}

impl<'a> Glyphs<'a> {
    fn data(&self, glyph: u16) -> Option<&'a [u8]> {
        let i = usize::from(glyph);
        let (start, end) = if self.long {
            (u32_at(self.loca, 4 * i)? as usize, u32_at(self.loca, 4 * i + 4)? as usize)
        } else {
            (usize::from(u16_at(self.loca, 2 * i)?) * 2, usize::from(u16_at(self.loca, 2 * i + 2)?) * 2)
        };
        self.glyf.get(start..end.max(start))
    }
}

/// Where the glyph ids of a composite glyph's components are, and what they are.
fn components(data: &[u8]) -> Vec<(usize, u16)> {
    let mut out = Vec::new();
    if data.len() < 10 || u16_at(data, 0).is_none_or(|contours| contours & 0x8000 == 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(glyph)) = (u16_at(data, at), u16_at(data, at + 2)) {
        out.push((at + 2, glyph));
        at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        at += match flags {
            f if f & 0x0008 != 0 => 2,
            f if f & 0x0040 != 0 => 4,
            f if f & 0x0080 != 0 => 8,
            _ => 0,
        };
        if flags & 0x0020 == 0 {
            break;
        }
    }
    out
}

/// The font subset to the characters of `text` it has glyphs for (plus `.notdef`), or `None` when the font is not
/// a TrueType font this module understands.
pub fn subset(font: &[u8], text: &str) -> Option<Vec<u8>> {
    let tables = tables(font)?;
    let head = *tables.get(b"head")?;
    let glyphs = Glyphs { glyf: tables.get(b"glyf")?, loca: tables.get(b"loca")?, long: u16_at(head, 50)? == 1 };
    let hmtx = *tables.get(b"hmtx")?;
    let metrics_count = usize::from(u16_at(tables.get(b"hhea")?, 34)?);
    let charmap = skrifa::FontRef::new(font).ok()?.charmap();

    // Characters in the Basic Multilingual Plane the font draws, with their glyphs.
    let chars: BTreeSet<char> = crate::sorting::set(text.chars().filter(|&c| u32::from(c) < 0xFFFF));
    let mapped: Vec<(u16, u16)> = chars
        .into_iter()
        .filter_map(|c| {
            let glyph = u16::try_from(charmap.map(c)?.to_u32()).ok()?;
            (glyph != 0).then_some((u32::from(c) as u16, glyph))
        })
        .collect();

    // Glyphs to keep: .notdef, the mapped ones and every component of a composite.
    let mut keep: BTreeSet<u16> = crate::sorting::set([0]);
    let mut todo: Vec<u16> = mapped.iter().map(|&(_, g)| g).collect();
    while let Some(glyph) = todo.pop() {
        if keep.insert(glyph) {
            todo.extend(components(glyphs.data(glyph)?).into_iter().map(|(_, g)| g));
        }
    }
    let new_id: BTreeMap<u16, u16> = crate::sorting::map(keep.iter().enumerate().map(|(i, &g)| (g, i as u16)));

    let mut glyf = Vec::new();
    let mut loca = Vec::new();
    let mut metrics = Vec::new();
    for &glyph in &keep {
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
        let mut data = glyphs.data(glyph)?.to_vec();
        for (at, old) in components(&data) {
            put_u16(&mut data, at, *new_id.get(&old)?)?;
        }
        glyf.extend_from_slice(&data);
        glyf.resize(glyf.len().next_multiple_of(4), 0);
        let i = usize::from(glyph);
        let last = metrics_count.checked_sub(1)?;
        let advance = u16_at(hmtx, 4 * i.min(last))?;
        let lsb = if i < metrics_count {
            u16_at(hmtx, 4 * i + 2)?
        } else {
            u16_at(hmtx, 4 * metrics_count + 2 * (i - metrics_count))?
        };
        metrics.extend_from_slice(&advance.to_be_bytes());
        metrics.extend_from_slice(&lsb.to_be_bytes());
    }
    loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());

    let count = keep.len() as u16;
    let mut out: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    for tag in COPIED {
        out.insert(*tag, tables.get(tag)?.to_vec());
    }
    let mut maxp = tables.get(b"maxp")?.to_vec();
    put_u16(&mut maxp, 4, count)?;
    out.insert(*b"maxp", maxp);
    let mut post = tables.get(b"post")?.get(..32)?.to_vec();
    post.get_mut(..4)?.copy_from_slice(&0x0003_0000u32.to_be_bytes());
    out.insert(*b"post", post);
    if let Some(head) = out.get_mut(b"head") {
        put_u16(head, 50, 1)?;
        head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    }
    if let Some(hhea) = out.get_mut(b"hhea") {
        put_u16(hhea, 34, count)?;
    }
    out.insert(*b"cmap", cmap(&mapped, &new_id)?);
    out.insert(*b"glyf", glyf);
    out.insert(*b"loca", loca);
    out.insert(*b"hmtx", metrics);
    Some(assemble(&out))
}

/// A `cmap` with one format 4 subtable (Windows, Unicode BMP): one segment per run of consecutive characters whose
/// new glyph ids are consecutive too.
fn cmap(mapped: &[(u16, u16)], new_id: &BTreeMap<u16, u16>) -> Option<Vec<u8>> {
    // (start, end, delta)
    let mut segments: Vec<(u16, u16, u16)> = Vec::new();
    for &(code, glyph) in mapped {
        let delta = new_id.get(&glyph)?.wrapping_sub(code);
        match segments.last_mut() {
            Some((_, end, d)) if end.checked_add(1) == Some(code) && *d == delta => *end = code,
            _ => segments.push((code, code, delta)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1));
    let n = segments.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros());
    let length = 16 + 8 * n;
    let mut table = Vec::new();
    // Header (version 0, one subtable: Windows, Unicode BMP, at offset 12), then the format 4 header.
    let header =
        [0u16, 1, 3, 1, 0, 12, 4, length, 0, 2 * n, 2 * power, 15 - power.leading_zeros() as u16, 2 * n - 2 * power];
    for value in header {
        table.extend_from_slice(&value.to_be_bytes());
    }
    for &(_, end, _) in &segments {
        table.extend_from_slice(&end.to_be_bytes());
    }
    table.extend_from_slice(&[0, 0]);
    for &(start, _, _) in &segments {
        table.extend_from_slice(&start.to_be_bytes());
    }
    for &(_, _, delta) in &segments {
        table.extend_from_slice(&delta.to_be_bytes());
    }
    table.extend(std::iter::repeat_n(0u8, 2 * usize::from(n)));
    Some(table)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Writes the font file: the table directory sorted by tag, each table 4-byte aligned, checksums and `head`'s
/// checksum adjustment.
fn assemble(tables: &BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    let n = tables.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros() as u16);
    let mut out = Vec::new();
    for value in [0x0001u16, 0x0000, n, power * 16, 15 - power.leading_zeros() as u16, n * 16 - power * 16] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for data in tables.values() {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    // The adjustment is taken over the whole file with the field at zero (`subset` zeroed it).
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    if let Some(slot) = head_at.and_then(|at| out.get_mut(at + 8..at + 12)) {
        slot.copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font(bytes: &[u8]) -> skrifa::FontRef<'_> {
        skrifa::FontRef::new(bytes).unwrap()
    }

    #[test]
    fn the_subset_maps_the_text_and_nothing_else_with_the_same_advances() {
        let text = "Orders API 주문 서비스 …";
        let small = subset(crate::assets::FONT_REGULAR, text).unwrap();
        assert!(small.len() < 40_000, "{} bytes", small.len());
        let (full, sub) = (font(crate::assets::FONT_REGULAR), font(&small));
        let full_metrics =
            full.glyph_metrics(skrifa::instance::Size::new(1000.0), skrifa::instance::LocationRef::default());
        let sub_metrics =
            sub.glyph_metrics(skrifa::instance::Size::new(1000.0), skrifa::instance::LocationRef::default());
        for c in text.chars() {
            let a = full.charmap().map(c).and_then(|g| full_metrics.advance_width(g));
            let b = sub.charmap().map(c).and_then(|g| sub_metrics.advance_width(g));
            assert!(a.is_some() && a == b, "{c:?}: {a:?} vs {b:?}");
        }
        assert_eq!(sub.charmap().map('Z'), None);
        assert!(!tables(&small).unwrap().contains_key(b"kern"));
    }

    #[test]
    fn composite_hangul_glyphs_keep_their_components_and_draw() {
        let small = subset(crate::assets::FONT_REGULAR, "한글").unwrap();
        let sub = font(&small);
        let outlines = sub.outline_glyphs();
        for c in "한글".chars() {
            let glyph = sub.charmap().map(c).unwrap();
            let outline = outlines.get(glyph).unwrap();
            let mut pen = Count(0);
            outline
                .draw(
                    skrifa::outline::DrawSettings::unhinted(
                        skrifa::instance::Size::new(100.0),
                        skrifa::instance::LocationRef::default(),
                    ),
                    &mut pen,
                )
                .unwrap();
            assert!(pen.0 > 10, "{c}: {} path commands", pen.0);
        }
    }

    struct Count(usize);
    impl skrifa::outline::OutlinePen for Count {
        fn move_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn line_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn close(&mut self) {}
    }
}
