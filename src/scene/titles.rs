//! Keeps region titles apart. A boundary or context without a saved rectangle is drawn around its members, so its
//! title lands wherever its members' top-left corner is: often on the title of a container, or of another group
//! around the same members. Such a title slides right past the one it covers, or, when the region is too narrow for
//! that, the region grows upwards by one title bar. Containers and groups the user placed keep their titles.

use crate::scene::geom::Rect;
use crate::scene::types::{Region, TextBlock};

/// Space kept between two titles on one bar.
const GAP: f32 = 8.0;
/// How many moves one title gets before it stays where it is.
const TRIES: usize = 8;

/// Moves the titles of the `movable` regions (indexes into `regions`, in drawing order) off every title drawn
/// before them and off every fixed one.
pub(crate) fn separate(regions: &mut [Region], movable: &[usize]) {
    let mut taken: Vec<Rect> =
        regions.iter().enumerate().filter(|(i, _)| !movable.contains(i)).filter_map(|(_, r)| extent(r)).collect();
    for &i in movable {
        let Some(region) = regions.get_mut(i) else { continue };
        for _ in 0..TRIES {
            let Some(label) = extent(region) else { break };
            let Some(hit) = taken.iter().find(|t| t.intersects(&label)).copied() else { break };
            let dx = hit.right() + GAP - label.x;
            if label.right() + dx <= region.rect.right() - GAP {
                shift(region, dx, 0.0);
            } else {
                grow_up(region, label.y + label.h - hit.y);
            }
        }
        if let Some(label) = extent(region) {
            taken.push(label);
        }
    }
}

/// The box the title's icon and text cover.
fn extent(region: &Region) -> Option<Rect> {
    let lines = region.title.lines.iter().chain(region.subtitle.iter().flat_map(|s| s.lines.iter()));
    let mut x = (f32::MAX, f32::MIN);
    for line in lines {
        x = (x.0.min(line.x), x.1.max(line.x + line.width));
    }
    if let Some(icon) = region.icon_rect {
        x = (x.0.min(icon.x), x.1.max(icon.right()));
    }
    (x.0 <= x.1).then_some(Rect { x: x.0, y: region.title_bar.y, w: x.1 - x.0, h: region.title_bar.h })
}

fn shift(region: &mut Region, dx: f32, dy: f32) {
    let move_block = |block: &mut TextBlock| {
        for line in &mut block.lines {
            line.x += dx;
            line.y += dy;
        }
    };
    move_block(&mut region.title);
    if let Some(subtitle) = region.subtitle.as_mut() {
        move_block(subtitle);
    }
    if let Some(icon) = region.icon_rect.as_mut() {
        icon.x += dx;
        icon.y += dy;
    }
    region.title_bar.y += dy;
}

/// Raises the top edge by `by` (at least one title bar), taking the title along.
fn grow_up(region: &mut Region, by: f32) {
    let by = by.max(region.title_bar.h).max(1.0);
    region.rect.y -= by;
    region.rect.h += by;
    shift(region, 0.0, -by);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::palette::Token;
    use crate::scene::types::{Dash, RegionKind, Stroke, TextLine};

    fn region(id: &str, x: f32, y: f32, w: f32, title_w: f32) -> Region {
        let line = TextLine { text: id.into(), x: x + 6.0, y: y + 4.0, width: title_w };
        Region {
            id: id.into(),
            kind: RegionKind::Context,
            rect: Rect { x, y, w, h: 200.0 },
            title_bar: Rect { x, y, w, h: 24.0 },
            title_fill: None,
            icon: None,
            icon_rect: None,
            title: TextBlock { lines: vec![line], size: 12.0, token: Token::Text, truncated: false },
            subtitle: None,
            fill: None,
            stroke: Stroke { token: Token::Text, width: 1.0, dash: Dash::Solid },
            dimmed: false,
        }
    }

    #[test]
    fn a_covered_title_slides_right_and_a_narrow_region_grows_up() {
        let mut regions = vec![region("vpc", 0.0, 0.0, 600.0, 80.0), region("ctx", 10.0, 5.0, 300.0, 60.0)];
        separate(&mut regions, &[1]);
        let (vpc, ctx) = (extent(&regions[0]).unwrap(), extent(&regions[1]).unwrap());
        assert!(!vpc.intersects(&ctx), "{vpc:?} {ctx:?}");
        assert!((regions[1].rect.y - 5.0).abs() < 1e-6, "room on the bar: the title slid right");

        let mut narrow = vec![region("vpc", 0.0, 0.0, 600.0, 80.0), region("ctx", 10.0, 5.0, 100.0, 60.0)];
        separate(&mut narrow, &[1]);
        let (vpc, ctx) = (extent(&narrow[0]).unwrap(), extent(&narrow[1]).unwrap());
        assert!(!vpc.intersects(&ctx), "{vpc:?} {ctx:?}");
        assert!(narrow[1].rect.y < 0.0 && narrow[1].rect.h > 200.0, "grew upwards: {:?}", narrow[1].rect);
    }

    #[test]
    fn fixed_titles_never_move() {
        let mut regions = vec![region("a", 0.0, 0.0, 300.0, 80.0), region("b", 0.0, 0.0, 300.0, 80.0)];
        let before = regions[0].clone();
        separate(&mut regions, &[1]);
        assert_eq!(regions[0], before);
        assert!(!extent(&regions[0]).unwrap().intersects(&extent(&regions[1]).unwrap()));
    }
}
