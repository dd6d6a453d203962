//! Draws the pictures of the default site, so the project ships no downloaded photos.
//!
//! Why: the default narrative in `content/` shows the photo pipeline at work (variants,
//! WebP, `srcset`, reserved width and height), and for that it needs real raster images:
//! three photo-sized JPEGs for stories and a PNG diagram for a chapter. Third-party photos
//! would bring licences and portrait rights into the repository, so the pictures are drawn
//! here, by code, in a calm flat-illustration style: shapes, soft gradients and a little
//! grain, so the JPEGs compress like photos rather than like flat graphics.
//!
//! Run from anywhere (paths are relative to the package root):
//!
//! ```text
//! cargo run --example illustrations
//! ```
//!
//! It overwrites the four files and prints each path with its size. The output is
//! byte-identical between runs: no clock, no environment, no threads and no hash-map
//! order; the grain comes from a fixed-seed xorshift generator, and the drawing uses only
//! arithmetic, `sqrt` and rounding (no trigonometry or powers), whose results IEEE 754
//! fixes exactly. Only `image` and std are used.
//!
//! Edges are anti-aliased by coverage: every shape is a signed distance function, and a
//! pixel takes the shape's colour in proportion to how much of it lies inside the edge (a
//! one-pixel ramp, or a wider one for soft shadows and glows).

use std::error::Error;
use std::fs;
use std::path::Path;

use image::ExtendedColorType;
use image::ImageEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};

/// JPEG quality of the three story pictures.
const JPEG_QUALITY: u8 = 88;

// The palette: the theme's colours and a few muted companions.
const DARK_BLUE: Rgb = hex(0x1f3a5f);
const TEAL: Rgb = hex(0x2a7f7f);
const YELLOW: Rgb = hex(0xe8b04b);
const RED: Rgb = hex(0xc8553d);
const WHITE: Rgb = hex(0xffffff);
const OFF_WHITE: Rgb = hex(0xf5f3ef);
const LIGHT_GREY: Rgb = hex(0xe6e4e0);
const MID_GREY: Rgb = hex(0xa9aaa8);
const CHARCOAL: Rgb = hex(0x3b4048);
const WOOD: Rgb = hex(0xb88a5e);
const WOOD_DARK: Rgb = hex(0x8f6847);
const GREEN: Rgb = hex(0x6f975c);
const GREEN_DARK: Rgb = hex(0x46704f);
const GREEN_LIGHT: Rgb = hex(0x9cbc78);
const SOIL: Rgb = hex(0x8a6a4e);

// Skin and hair tones of the people.
const SKIN: [Rgb; 4] = [hex(0xf0c8a8), hex(0xd9a883), hex(0xb47a55), hex(0x7f5236)];
const HAIR_DARK: Rgb = hex(0x352a25);
const HAIR_BROWN: Rgb = hex(0x6b4a33);
const HAIR_GREY: Rgb = hex(0xb3aea7);
const HAIR_BLOND: Rgb = hex(0xc9a66b);

/// A function that draws one picture.
type Draw = fn() -> Canvas;

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pictures: [(&str, Draw); 4] = [
        ("content/verhalen/buurtkamer-oost.jpg", buurtkamer),
        ("content/verhalen/de-raad-op-werkbezoek.jpg", werkbezoek),
        ("content/verhalen/een-moestuin-aan-de-dijk.jpg", moestuin),
        ("content/verhaal/uitvoeringsdriehoek.png", driehoek),
    ];
    for (relative, draw) in pictures {
        let canvas = draw();
        let bytes = if relative.ends_with(".png") {
            canvas.encode_png()?
        } else {
            canvas.encode_jpeg(JPEG_QUALITY)?
        };
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &bytes)?;
        println!(
            "{relative}  {}×{}  {} bytes",
            canvas.width,
            canvas.height,
            bytes.len()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Pictures
// ---------------------------------------------------------------------------------------

/// A neighbourhood living room: a long table with coffee, people around it, a window.
fn buurtkamer() -> Canvas {
    let mut c = Canvas::new(2400, 1600, LIGHT_GREY);
    let floor_y = 1080.0;

    // Wall and floor, with a few faint board joints that close up towards the wall.
    c.vertical_gradient(0.0, 0.0, 2400.0, floor_y, hex(0xebe7df), hex(0xddd8ce));
    c.vertical_gradient(0.0, floor_y, 2400.0, 1600.0, hex(0xcdbfa9), hex(0xb09f87));
    let mut joint = floor_y + 30.0;
    let mut gap = 34.0;
    while joint < 1600.0 {
        c.fill_alpha(&rect(0.0, joint, 2400.0, joint + 3.0), WOOD_DARK, 0.18);
        gap *= 1.28;
        joint += gap;
    }
    c.fill(&rect(0.0, floor_y - 16.0, 2400.0, floor_y), hex(0xc9c2b6));

    // The window on the right, with a tree and neighbouring roofs outside.
    let (wx0, wy0, wx1, wy1) = (1540.0, 190.0, 2220.0, 870.0);
    c.fill_soft(
        &rect(wx0 - 10.0, wy0 - 4.0, wx1 + 14.0, wy1 + 22.0),
        CHARCOAL,
        0.10,
        24.0,
    );
    c.fill(&rect(wx0, wy0, wx1, wy1), OFF_WHITE);
    let glass = (wx0 + 34.0, wy0 + 34.0, wx1 - 34.0, wy1 - 34.0);
    c.set_clip(glass.0, glass.1, glass.2, glass.3);
    c.vertical_gradient(
        glass.0,
        glass.1,
        glass.2,
        glass.3,
        hex(0xa9c8da),
        hex(0xe2ecef),
    );
    for (x0, x1, eave, colour) in [
        (1540.0, 1760.0, 690.0, hex(0xc7a595)),
        (1760.0, 1990.0, 650.0, hex(0xbfb6a8)),
        (1990.0, 2220.0, 700.0, hex(0xc9ab9a)),
    ] {
        c.fill(&rect(x0, eave, x1, 900.0), colour);
        c.fill(
            &polygon(&[
                (x0 - 6.0, eave),
                ((x0 + x1) / 2.0, eave - 90.0),
                (x1 + 6.0, eave),
            ]),
            hex(0x8a6a62),
        );
        c.fill(
            &rect(
                (x0 + x1) / 2.0 - 40.0,
                eave + 50.0,
                (x0 + x1) / 2.0 + 40.0,
                eave + 130.0,
            ),
            hex(0x9fb3bf),
        );
    }
    c.fill(&rect(1770.0, 560.0, 1796.0, 800.0), hex(0x6e5a48));
    for (x, y, r) in [
        (1700.0, 520.0, 110.0),
        (1790.0, 440.0, 120.0),
        (1870.0, 540.0, 100.0),
    ] {
        c.fill(&circle(x, y, r), hex(0x7fa37a));
    }
    c.fill(&circle(1750.0, 460.0, 66.0), hex(0x92b489));
    c.fill_alpha(
        &polygon(&[
            (1620.0, 224.0),
            (1700.0, 224.0),
            (1600.0, 520.0),
            (1574.0, 520.0),
        ]),
        WHITE,
        0.22,
    );
    c.clear_clip();
    c.fill(&rect(1868.0, wy0, 1892.0, wy1), OFF_WHITE);
    c.fill(&rect(wx0, 430.0, wx1, 452.0), OFF_WHITE);
    c.fill(
        &rect(wx0 - 24.0, wy1, wx1 + 24.0, wy1 + 22.0),
        hex(0xd8d3cb),
    );

    // A pinboard with notes and drawings (shapes only, no writing).
    c.fill_soft(&rect(244.0, 284.0, 776.0, 666.0), CHARCOAL, 0.12, 18.0);
    c.fill(&rect(240.0, 270.0, 770.0, 650.0), WOOD_DARK);
    c.fill(&rect(258.0, 288.0, 752.0, 632.0), hex(0xd4b68c));
    let notes = [
        (300.0, 320.0, 150.0, 110.0, OFF_WHITE),
        (480.0, 310.0, 120.0, 120.0, YELLOW),
        (630.0, 330.0, 95.0, 140.0, hex(0x9fcaca)),
        (310.0, 470.0, 170.0, 130.0, hex(0xf1d2c8)),
        (520.0, 480.0, 190.0, 120.0, OFF_WHITE),
    ];
    for (i, (x, y, w, h, colour)) in notes.into_iter().enumerate() {
        // A slight tilt: a parallelogram whose right side drops or rises a little.
        let tilt = if i % 2 == 0 { 6.0 } else { -5.0 };
        c.fill_alpha(
            &polygon(&[
                (x + 4.0, y + 6.0),
                (x + w + 4.0, y + tilt + 6.0),
                (x + w + 4.0, y + h + tilt + 6.0),
                (x + 4.0, y + h + 6.0),
            ]),
            CHARCOAL,
            0.15,
        );
        c.fill(
            &polygon(&[(x, y), (x + w, y + tilt), (x + w, y + h + tilt), (x, y + h)]),
            colour,
        );
        c.fill(
            &circle(x + w / 2.0, y + 12.0, 7.0),
            [RED, DARK_BLUE, TEAL][i % 3],
        );
    }
    // A child's drawing on the large note: sun and a house.
    c.fill(&circle(360.0, 520.0, 22.0), YELLOW);
    c.fill(&rect(400.0, 540.0, 450.0, 585.0), RED);
    c.fill(
        &polygon(&[(392.0, 542.0), (425.0, 512.0), (458.0, 542.0)]),
        DARK_BLUE,
    );
    // Lines of "writing" on the other notes, as plain bars.
    for row in 0..3 {
        let y = 510.0 + row as f32 * 24.0;
        c.fill(
            &capsule(548.0, y, 680.0 - row as f32 * 30.0, y, 4.0),
            MID_GREY,
        );
    }

    // A wall clock.
    c.fill_soft(&circle(1186.0, 316.0, 74.0), CHARCOAL, 0.15, 14.0);
    c.fill(&circle(1180.0, 310.0, 74.0), DARK_BLUE);
    c.fill(&circle(1180.0, 310.0, 62.0), OFF_WHITE);
    c.fill(&capsule(1180.0, 310.0, 1180.0, 266.0, 5.0), CHARCOAL);
    c.fill(&capsule(1180.0, 310.0, 1214.0, 330.0, 5.0), CHARCOAL);
    c.fill(&circle(1180.0, 310.0, 8.0), RED);

    // Pendant lamps over the table, with a warm glow.
    for x in [640.0, 1100.0, 1560.0] {
        c.fill_soft(&circle(x, 470.0, 150.0), YELLOW, 0.16, 160.0);
        c.fill(&capsule(x, -10.0, x, 400.0, 3.0), CHARCOAL);
        c.fill(&circle(x, 452.0, 22.0), hex(0xfff1c9));
        c.set_clip(0.0, 0.0, 2400.0, 452.0);
        c.fill(&circle(x, 452.0, 82.0), DARK_BLUE);
        c.clear_clip();
    }

    // A plant in the left corner.
    c.fill_soft(&ellipse(190.0, 1395.0, 120.0, 22.0), CHARCOAL, 0.2, 20.0);
    for (dx, dy, rx, ry) in [
        (-70.0, -120.0, 36.0, 130.0),
        (60.0, -130.0, 34.0, 120.0),
        (0.0, -170.0, 38.0, 150.0),
        (-110.0, -40.0, 30.0, 100.0),
        (110.0, -50.0, 30.0, 100.0),
    ] {
        let (x, y) = (190.0 + dx, 1180.0 + dy);
        let leaf = rotated_ellipse(x, y, rx, ry, (-dx * 0.01, 1.0));
        c.fill(&leaf, if dx == 0.0 { GREEN } else { GREEN_DARK });
    }
    c.fill(
        &polygon(&[
            (110.0, 1220.0),
            (270.0, 1220.0),
            (248.0, 1395.0),
            (132.0, 1395.0),
        ]),
        RED,
    );
    c.fill(&rect(100.0, 1206.0, 280.0, 1236.0), hex(0xb24a35));

    // Behind the table: chairs, and the lower legs of the people (seen under the table).
    let table = (330.0, 1960.0);
    let seats = [560.0, 860.0, 1160.0, 1460.0, 1760.0];
    for (i, &x) in seats.iter().enumerate() {
        for side in [-1.0, 1.0] {
            c.fill(
                &capsule(x + side * 105.0, 1000.0, x + side * 110.0, 1320.0, 9.0),
                CHARCOAL,
            );
        }
        c.fill(
            &round_rect(x - 120.0, 1096.0, x + 120.0, 1120.0, 8.0),
            TEAL.shade(0.7),
        );
        if i != 2 {
            // Knees over the seat's front edge, lower legs and shoes.
            let trousers = [DARK_BLUE, CHARCOAL, hex(0x56606b), DARK_BLUE][i.min(3)];
            for side in [-1.0, 1.0] {
                c.fill(
                    &capsule(x + side * 44.0, 1110.0, x + side * 46.0, 1290.0, 24.0),
                    trousers,
                );
                c.fill(&circle(x + side * 44.0, 1104.0, 32.0), trousers.shade(1.1));
                c.fill(&ellipse(x + side * 54.0, 1306.0, 40.0, 20.0), CHARCOAL);
            }
        }
    }
    // The empty chair: its back, two posts and a padded rail, shows above the table.
    for side in [-1.0, 1.0] {
        c.fill(
            &capsule(
                1160.0 + side * 92.0,
                760.0,
                1160.0 + side * 96.0,
                990.0,
                11.0,
            ),
            CHARCOAL,
        );
    }
    c.fill(
        &round_rect(1160.0 - 112.0, 740.0, 1160.0 + 112.0, 840.0, 24.0),
        TEAL,
    );
    c.fill_alpha(
        &round_rect(1160.0 - 96.0, 752.0, 1160.0 + 96.0, 772.0, 10.0),
        WHITE,
        0.15,
    );

    // The people behind the table.
    let people = [
        Person::new(560.0, 660.0, 1.0, TEAL, SKIN[1]).with_hair(HAIR_DARK, Hair::Long),
        Person::new(860.0, 640.0, 1.05, YELLOW, SKIN[3]),
        Person::new(1460.0, 668.0, 0.98, DARK_BLUE, SKIN[0]).with_hair(HAIR_GREY, Hair::Bun),
        Person::new(1760.0, 650.0, 1.02, RED, SKIN[2]).with_hair(HAIR_BROWN, Hair::Short),
    ];
    for p in &people {
        p.draw_seated(&mut c, 975.0);
    }

    // The table: top surface, front edge, legs and its shadow on the floor.
    c.fill_soft(
        &rect(table.0 + 30.0, 1300.0, table.1 - 30.0, 1350.0),
        CHARCOAL,
        0.22,
        40.0,
    );
    c.fill_alpha(&rect(table.0, 1035.0, table.1, 1330.0), CHARCOAL, 0.14);
    for x in [table.0 + 30.0, 1145.0, table.1 - 60.0] {
        c.fill(&rect(x, 1030.0, x + 30.0, 1330.0), WOOD_DARK);
    }
    c.fill(
        &rect(table.0 - 10.0, 958.0, table.1 + 10.0, 1000.0),
        hex(0xcfa274),
    );
    c.fill(&rect(table.0 - 10.0, 998.0, table.1 + 10.0, 1036.0), WOOD);
    c.fill_alpha(
        &rect(table.0 - 10.0, 1030.0, table.1 + 10.0, 1036.0),
        WOOD_DARK,
        0.6,
    );

    // On the table: the coffee pot, cups, a plate of biscuits, papers and flowers.
    coffee_pot(&mut c, 1160.0, 985.0);
    for (x, colour) in [
        (470.0, OFF_WHITE),
        (935.0, YELLOW),
        (1380.0, OFF_WHITE),
        (1690.0, TEAL),
    ] {
        cup(&mut c, x, 985.0, colour);
    }
    c.fill(&ellipse(1290.0, 978.0, 70.0, 14.0), OFF_WHITE);
    for (dx, dy) in [
        (-32.0, -10.0),
        (0.0, -14.0),
        (30.0, -9.0),
        (-14.0, -24.0),
        (16.0, -24.0),
    ] {
        c.fill(&ellipse(1290.0 + dx, 978.0 + dy, 20.0, 9.0), hex(0xd49a58));
    }
    c.fill(
        &polygon(&[
            (640.0, 968.0),
            (780.0, 962.0),
            (800.0, 990.0),
            (650.0, 994.0),
        ]),
        OFF_WHITE,
    );
    c.fill(
        &polygon(&[
            (660.0, 962.0),
            (790.0, 958.0),
            (806.0, 984.0),
            (672.0, 988.0),
        ]),
        hex(0xf9f8f5),
    );
    // A small vase with three flowers at the right end.
    for (stem_x, head_y, colour) in [
        (1860.0, 840.0, RED),
        (1885.0, 810.0, YELLOW),
        (1906.0, 850.0, RED),
    ] {
        c.fill(&capsule(1884.0, 930.0, stem_x, head_y, 4.0), GREEN_DARK);
        c.fill(&circle(stem_x, head_y, 20.0), colour);
        c.fill(&circle(stem_x, head_y, 7.0), hex(0xf6dfa8));
    }
    c.fill(&round_rect(1858.0, 900.0, 1912.0, 986.0, 20.0), DARK_BLUE);

    // A woman standing by the window with a cup, nearer to the viewer than the table.
    let host =
        Person::new(2130.0, 620.0, 1.12, hex(0x8c5d8a), SKIN[1]).with_hair(HAIR_BLOND, Hair::Long);
    host.draw_standing(&mut c, 1470.0, Some(Held::Cup(OFF_WHITE)));

    c.vignette(0.16);
    c.grain(0x5eed_0001, 5.0);
    c
}

/// Council members on a working visit, in front of a neighbourhood centre.
fn werkbezoek() -> Canvas {
    let mut c = Canvas::new(2400, 1600, LIGHT_GREY);
    let ground_y = 1160.0;

    // Sky, distant trees and a few soft clouds.
    c.vertical_gradient(0.0, 0.0, 2400.0, ground_y, hex(0x9fc0d6), hex(0xe4ecee));
    cloud(&mut c, 420.0, 190.0, 1.0);
    cloud(&mut c, 1320.0, 120.0, 0.8);
    for (x, y, r) in [
        (60.0, 470.0, 130.0),
        (180.0, 420.0, 150.0),
        (1480.0, 380.0, 120.0),
        (1560.0, 420.0, 110.0),
    ] {
        c.fill(&circle(x, y, r), hex(0x8fb08f));
    }

    // The neighbourhood centre: a light façade with large windows and an entrance.
    let (bx0, by0, bx1) = (130.0, 360.0, 1520.0);
    c.fill_gradient(
        &rect(bx0, by0, bx1, ground_y),
        hex(0xe9e4db),
        hex(0xd9d3c8),
        by0,
        ground_y,
    );
    c.fill(&rect(bx0 - 14.0, by0 - 40.0, bx1 + 14.0, by0), DARK_BLUE);
    c.fill_alpha(&rect(bx0, by0, bx1, by0 + 18.0), CHARCOAL, 0.15);
    for i in 0..5 {
        let x = bx0 + 90.0 + i as f32 * 262.0;
        window(&mut c, x, 450.0, x + 190.0, 700.0);
    }
    // Ground floor: windows either side of the glass entrance, a teal band above.
    c.fill(&rect(bx0, 760.0, bx1, 800.0), TEAL);
    for x in [bx0 + 90.0, bx0 + 352.0, 1090.0, 1300.0] {
        window(&mut c, x, 850.0, x + 180.0, 1110.0);
    }
    c.fill(&rect(800.0, 840.0, 1020.0, ground_y), CHARCOAL);
    c.fill_gradient(
        &rect(812.0, 852.0, 1008.0, ground_y),
        hex(0x7f9fb4),
        hex(0xb7cad6),
        852.0,
        ground_y,
    );
    c.fill(&rect(906.0, 852.0, 914.0, ground_y), CHARCOAL);
    c.fill(&capsule(880.0, 990.0, 880.0, 1050.0, 5.0), MID_GREY);
    c.fill(&capsule(940.0, 990.0, 940.0, 1050.0, 5.0), MID_GREY);
    c.fill_soft(&rect(760.0, 818.0, 1060.0, 842.0), CHARCOAL, 0.25, 14.0);
    c.fill(&rect(760.0, 806.0, 1060.0, 830.0), DARK_BLUE);

    // Two brick houses with stepped gables on the right.
    gabled_house(&mut c, 1520.0, 1960.0, 300.0, ground_y, hex(0xa9644d));
    gabled_house(&mut c, 1960.0, 2420.0, 250.0, ground_y, hex(0x9a5a47));

    // Pavement, kerb, a red cycle path and the road.
    c.vertical_gradient(0.0, ground_y, 2400.0, 1290.0, hex(0xd3cfc8), hex(0xc6c1b9));
    let mut x = -40.0;
    while x < 2400.0 {
        c.fill_alpha(
            &polygon(&[
                (x, ground_y),
                (x + 3.0, ground_y),
                (x - 17.0, 1290.0),
                (x - 20.0, 1290.0),
            ]),
            CHARCOAL,
            0.12,
        );
        x += 150.0;
    }
    c.fill(&rect(0.0, 1290.0, 2400.0, 1312.0), hex(0xe4e1db));
    c.fill(&rect(0.0, 1312.0, 2400.0, 1322.0), hex(0x9d9a95));
    c.vertical_gradient(0.0, 1322.0, 2400.0, 1420.0, hex(0xb46a56), hex(0xa55f4d));
    c.fill(&rect(0.0, 1420.0, 2400.0, 1430.0), OFF_WHITE);
    c.vertical_gradient(0.0, 1430.0, 2400.0, 1600.0, hex(0x7c7f84), hex(0x686b70));
    let mut x = 60.0;
    while x < 2400.0 {
        c.fill(&rect(x, 1520.0, x + 160.0, 1534.0), hex(0xe9e7e2));
        x += 320.0;
    }

    // A street tree on the left and a bicycle against the house.
    c.fill_soft(&ellipse(230.0, 1250.0, 150.0, 20.0), CHARCOAL, 0.25, 20.0);
    c.fill(
        &polygon(&[
            (214.0, 1250.0),
            (246.0, 1250.0),
            (240.0, 700.0),
            (222.0, 700.0),
        ]),
        hex(0x6e5a48),
    );
    c.fill(&capsule(232.0, 820.0, 300.0, 700.0, 10.0), hex(0x6e5a48));
    for (x, y, r, colour) in [
        (160.0, 600.0, 150.0, GREEN_DARK),
        (310.0, 560.0, 160.0, GREEN_DARK),
        (230.0, 460.0, 170.0, GREEN),
        (110.0, 480.0, 110.0, GREEN),
        (330.0, 420.0, 110.0, GREEN_LIGHT),
    ] {
        c.fill(&circle(x, y, r), colour);
    }
    bicycle(&mut c, 2180.0, 1230.0, DARK_BLUE);

    // The group: council members listening, a resident pointing at the building.
    let standing = |x: f32, feet_y: f32, scale: f32, shirt: Rgb, skin: Rgb| {
        Person::new(x, feet_y - STANDING_HEIGHT * scale, scale, shirt, skin)
    };
    let back_row = [
        standing(740.0, 1224.0, 0.9, CHARCOAL, SKIN[0]).with_hair(HAIR_GREY, Hair::Short),
        standing(1120.0, 1220.0, 0.88, hex(0x56606b), SKIN[0]).with_hair(HAIR_BLOND, Hair::Long),
    ];
    let front_row = [
        (
            standing(520.0, 1262.0, 1.0, RED, SKIN[2]).with_hair(HAIR_DARK, Hair::Bun),
            None,
        ),
        (
            standing(920.0, 1270.0, 1.04, DARK_BLUE, SKIN[1]).with_hair(HAIR_BROWN, Hair::Short),
            Some(Held::Folder(YELLOW)),
        ),
        (
            standing(1320.0, 1258.0, 0.98, TEAL, SKIN[3]).with_hair(HAIR_DARK, Hair::Long),
            None,
        ),
    ];
    let feet_y = |p: &Person| p.head_y + STANDING_HEIGHT * p.scale;
    for p in &back_row {
        p.draw_standing(&mut c, feet_y(p), None);
    }
    for (p, holding) in front_row {
        p.draw_standing(&mut c, feet_y(&p), holding);
    }
    let guide =
        standing(1780.0, 1262.0, 1.05, hex(0x4f8a6a), SKIN[2]).with_hair(HAIR_BROWN, Hair::Short);
    // The resident's raised arm points up at the façade.
    let s = guide.scale;
    c.fill(
        &capsule(
            guide.x - 92.0 * s,
            guide.head_y + 140.0 * s,
            guide.x - 230.0 * s,
            guide.head_y + 10.0 * s,
            24.0 * s,
        ),
        guide.shirt,
    );
    c.fill(
        &circle(guide.x - 240.0 * s, guide.head_y, 22.0 * s),
        guide.skin,
    );
    guide.draw_standing(&mut c, 1262.0, None);

    c.vignette(0.14);
    c.grain(0x5eed_0002, 5.0);
    c
}

/// Allotment beds beside a dike: rows of vegetables, a ditch and sheep on the slope.
fn moestuin() -> Canvas {
    let mut c = Canvas::new(2400, 1350, LIGHT_GREY);
    let horizon = 590.0;

    // Sky with clouds, the far polder and a line of trees.
    c.vertical_gradient(0.0, 0.0, 2400.0, horizon, hex(0x8fb8d3), hex(0xe6eeee));
    cloud(&mut c, 360.0, 150.0, 1.1);
    cloud(&mut c, 1150.0, 250.0, 0.7);
    cloud(&mut c, 1900.0, 110.0, 0.9);
    c.vertical_gradient(0.0, horizon, 2400.0, 760.0, hex(0xa9c28a), hex(0x93b176));
    for i in 0..14 {
        let x = 40.0 + i as f32 * 61.0;
        let r = 22.0 + ((i * 7) % 5) as f32 * 4.0;
        c.fill(&circle(x, horizon - r * 0.5, r), hex(0x7f9f86));
    }

    // The dike, receding to the left, with a path on its crest and sheep on the slope.
    let crest = [(2420.0, 300.0), (160.0, horizon - 6.0)];
    let foot = [(2420.0, 800.0), (160.0, horizon + 6.0)];
    c.fill_gradient(
        &polygon(&[crest[0], crest[1], foot[1], foot[0]]),
        hex(0x8db06e),
        hex(0x6e955a),
        300.0,
        800.0,
    );
    c.fill(
        &polygon(&[crest[0], crest[1], (160.0, horizon - 3.0), (2420.0, 338.0)]),
        hex(0xdcd2b8),
    );
    c.fill_alpha(
        &polygon(&[
            (2420.0, 338.0),
            (160.0, horizon - 3.0),
            (160.0, horizon),
            (2420.0, 360.0),
        ]),
        GREEN_DARK,
        0.35,
    );
    for (x, y, s) in [
        (1500.0, 500.0, 0.7),
        (1640.0, 530.0, 0.8),
        (1980.0, 470.0, 0.95),
    ] {
        sheep(&mut c, x, y, s);
    }

    // The ditch at the foot of the dike, reflecting the sky.
    let ditch = polygon(&[foot[0], foot[1], (160.0, horizon + 10.0), (2420.0, 860.0)]);
    c.fill_gradient(&ditch, hex(0xa7c4d3), hex(0x7fa0b4), horizon, 860.0);
    for (x0, x1, t) in [
        (1500.0, 1700.0, 0.45),
        (1900.0, 2150.0, 0.6),
        (900.0, 1020.0, 0.35),
    ] {
        let y = lerp(horizon + 8.0, 830.0, (x0 - 160.0) / 2260.0) + 30.0 * t - 12.0;
        c.fill_alpha(&capsule(x0, y, x1, y + (x1 - x0) * 0.02, 3.0), WHITE, 0.5);
    }

    // The garden: beds converging on a vanishing point, grass paths between them.
    let vanish = (1150.0, horizon - 40.0);
    let garden_top = 800.0;
    c.vertical_gradient(0.0, 760.0, 2400.0, 1350.0, hex(0x8fae6c), hex(0x7a9c5b));
    c.fill(
        &polygon(&[(0.0, 760.0), (2400.0, 860.0), (2400.0, 880.0), (0.0, 780.0)]),
        hex(0x88a766),
    );
    let at = |x_bottom: f32, y: f32| -> (f32, f32) {
        let t = (1350.0 - y) / (1350.0 - vanish.1);
        (lerp(x_bottom, vanish.0, t), y)
    };
    let beds: [(f32, f32, Crop); 6] = [
        (-900.0, -380.0, Crop::Pumpkin),
        (-230.0, 230.0, Crop::Cabbage),
        (380.0, 840.0, Crop::Beans),
        (990.0, 1450.0, Crop::Lettuce),
        (1600.0, 2080.0, Crop::Tomato),
        (2230.0, 2800.0, Crop::Cabbage),
    ];
    // Plants and the gardener, as (screen y, crop or None for the gardener, screen x).
    let mut scene: Vec<(f32, Option<Crop>, f32)> = Vec::new();
    for (left, right, crop) in beds {
        c.fill_gradient(
            &polygon(&[
                at(left, 1360.0),
                at(right, 1360.0),
                at(right, garden_top),
                at(left, garden_top),
            ]),
            hex(0x7a5c43),
            SOIL,
            garden_top,
            1350.0,
        );
        // Plants at even steps in depth, from 6 units away (the garden's far end) towards
        // the viewer: screen height below the vanishing point goes as 1 / distance.
        for row in 0..16 {
            let distance = 6.0 - row as f32 * 0.5;
            let y = vanish.1 + (garden_top - vanish.1) * 6.0 / distance;
            if y > 1480.0 {
                break;
            }
            let (x, _) = at((left + right) / 2.0, y);
            scene.push((y, Some(crop), x));
        }
    }
    // A gardener with a hoe on the grass path between lettuce and tomatoes.
    let gardener_y = 1010.0;
    scene.push((gardener_y, None, at(1525.0, gardener_y).0));
    // Far to near, so nearer things overlap farther ones.
    scene.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (y, crop, x) in scene {
        let scale = (y - vanish.1) / (1350.0 - vanish.1);
        match crop {
            Some(crop) => crop.draw(&mut c, x, y, 1.7 * scale),
            None => Person::new(x, y - STANDING_HEIGHT * 0.62, 0.62, RED, SKIN[0])
                .with_hair(HAIR_BROWN, Hair::Bun)
                .draw_standing(&mut c, y, Some(Held::Hoe)),
        }
    }

    // A watering can at the front right, and a shed with a pitched roof on the left.
    shed(&mut c, 250.0, 830.0);
    watering_can(&mut c, 2080.0, 1320.0);

    c.vignette(0.14);
    c.grain(0x5eed_0003, 5.0);
    c
}

/// The triangle of roles: citizen, professional, policy maker, and the lines between them.
fn driehoek() -> Canvas {
    let mut c = Canvas::new(1600, 1000, WHITE);
    let top = (800.0, 230.0);
    let left = (360.0, 770.0);
    let right = (1240.0, 770.0);
    let radius = 150.0;

    c.fill(&polygon(&[top, left, right]), hex(0xf1f3f5));
    for (a, b) in [(top, left), (left, right), (right, top)] {
        c.fill(&capsule(a.0, a.1, b.0, b.1, 9.0), hex(0xb7c3cf));
    }
    // A dot in the middle: where the three meet.
    let centre = (
        (top.0 + left.0 + right.0) / 3.0,
        (top.1 + left.1 + right.1) / 3.0,
    );
    c.fill(&circle(centre.0, centre.1, 34.0), RED);
    c.fill(&circle(centre.0, centre.1, 14.0), WHITE);

    for (at, colour) in [(top, TEAL), (left, YELLOW), (right, DARK_BLUE)] {
        c.fill(&circle(at.0, at.1, radius + 14.0), WHITE);
        c.fill(&circle(at.0, at.1, radius), colour);
    }

    // Citizen (top): a person, head and shoulders.
    let (x, y) = top;
    c.fill(&circle(x, y - 42.0, 44.0), WHITE);
    c.set_clip(x - 100.0, y - 100.0, x + 100.0, y + 82.0);
    c.fill(
        &round_rect(x - 80.0, y + 14.0, x + 80.0, y + 160.0, 70.0),
        WHITE,
    );
    c.clear_clip();

    // Professional (bottom left): a toolbox with a handle.
    let (x, y) = left;
    c.fill(
        &round_rect(x - 56.0, y - 76.0, x + 56.0, y - 20.0, 20.0),
        DARK_BLUE,
    );
    c.fill(
        &round_rect(x - 38.0, y - 60.0, x + 38.0, y - 20.0, 10.0),
        YELLOW,
    );
    c.fill(
        &round_rect(x - 90.0, y - 34.0, x + 90.0, y + 70.0, 14.0),
        DARK_BLUE,
    );
    c.fill(&rect(x - 90.0, y + 2.0, x + 90.0, y + 12.0), YELLOW);
    c.fill(
        &round_rect(x - 18.0, y - 6.0, x + 18.0, y + 26.0, 6.0),
        YELLOW,
    );

    // Policy maker (bottom right): a town hall with a pediment and columns.
    let (x, y) = right;
    c.fill(
        &polygon(&[(x - 96.0, y - 36.0), (x, y - 96.0), (x + 96.0, y - 36.0)]),
        WHITE,
    );
    c.fill(&rect(x - 90.0, y - 30.0, x + 90.0, y - 14.0), WHITE);
    for i in 0..4 {
        let cx = x - 66.0 + i as f32 * 44.0;
        c.fill(&rect(cx - 10.0, y - 4.0, cx + 10.0, y + 56.0), WHITE);
    }
    c.fill(&rect(x - 100.0, y + 64.0, x + 100.0, y + 82.0), WHITE);
    c
}

// ---------------------------------------------------------------------------------------
// Scene parts
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Hair {
    Short,
    Long,
    Bun,
}

/// What a standing person holds at chest height.
#[derive(Clone, Copy)]
enum Held {
    Cup(Rgb),
    Folder(Rgb),
    /// A garden hoe, its blade on the ground beside the right foot.
    Hoe,
}

/// A stylised person: a round head and a rounded body, facing the viewer.
struct Person {
    x: f32,
    head_y: f32,
    scale: f32,
    shirt: Rgb,
    skin: Rgb,
    hair: Rgb,
    style: Hair,
}

/// How far above the feet a standing person's head centre is, at scale 1.
const STANDING_HEIGHT: f32 = 610.0;

impl Person {
    /// A person with short dark hair (see `with_hair`), head centred at `(x, head_y)`.
    fn new(x: f32, head_y: f32, scale: f32, shirt: Rgb, skin: Rgb) -> Person {
        Person {
            x,
            head_y,
            scale,
            shirt,
            skin,
            hair: HAIR_DARK,
            style: Hair::Short,
        }
    }

    fn with_hair(self, hair: Rgb, style: Hair) -> Person {
        Person {
            hair,
            style,
            ..self
        }
    }

    fn head(&self, c: &mut Canvas) {
        let (x, y, s) = (self.x, self.head_y, self.scale);
        let r = 58.0 * s;
        match self.style {
            Hair::Long => {
                c.fill(
                    &round_rect(
                        x - r - 8.0 * s,
                        y - r - 6.0 * s,
                        x + r + 8.0 * s,
                        y + r + 40.0 * s,
                        r,
                    ),
                    self.hair,
                );
            }
            Hair::Bun => c.fill(&circle(x, y - r - 6.0 * s, 30.0 * s), self.hair),
            Hair::Short => {}
        }
        c.fill(
            &rect(
                x - 20.0 * s,
                y + r - 16.0 * s,
                x + 20.0 * s,
                y + r + 24.0 * s,
            ),
            self.skin.shade(0.9),
        );
        c.fill(&circle(x, y, r), self.skin);
        // Hair on top of the head: the upper part of a slightly larger circle.
        c.set_clip(x - 2.0 * r, y - 2.0 * r, x + 2.0 * r, y - r * 0.25);
        c.fill(&circle(x, y - 4.0 * s, r + 5.0 * s), self.hair);
        c.clear_clip();
    }

    /// Seated behind a table whose surface is at `table_y`: body, arms and hands on it.
    fn draw_seated(&self, c: &mut Canvas, table_y: f32) {
        let (x, y, s) = (self.x, self.head_y, self.scale);
        let top = y + 74.0 * s;
        c.fill(
            &round_rect(x - 112.0 * s, top, x + 112.0 * s, table_y + 60.0, 60.0 * s),
            self.shirt,
        );
        self.head(c);
        for side in [-1.0, 1.0] {
            let shoulder = (x + side * 88.0 * s, top + 50.0 * s);
            let elbow = (x + side * 118.0 * s, table_y - 40.0);
            let hand = (x + side * 64.0 * s, table_y - 4.0);
            c.fill(
                &capsule(shoulder.0, shoulder.1, elbow.0, elbow.1, 26.0 * s),
                self.shirt.shade(0.88),
            );
            c.fill(
                &capsule(elbow.0, elbow.1, hand.0, hand.1, 24.0 * s),
                self.shirt.shade(0.88),
            );
            c.fill(&circle(hand.0, hand.1, 20.0 * s), self.skin);
        }
    }

    /// Standing with feet at `feet_y`, perhaps holding something in the right hand.
    fn draw_standing(&self, c: &mut Canvas, feet_y: f32, holding: Option<Held>) {
        let (x, y, s) = (self.x, self.head_y, self.scale);
        let top = y + 74.0 * s;
        let hip = top + 280.0 * s;
        c.fill_soft(
            &ellipse(x, feet_y + 4.0, 110.0 * s, 18.0 * s),
            CHARCOAL,
            0.3,
            16.0 * s,
        );
        let legs = CHARCOAL.mix(self.shirt, 0.15);
        for side in [-1.0, 1.0] {
            c.fill(
                &capsule(
                    x + side * 40.0 * s,
                    hip - 20.0 * s,
                    x + side * 44.0 * s,
                    feet_y - 26.0 * s,
                    30.0 * s,
                ),
                legs,
            );
            c.fill(
                &ellipse(x + side * 54.0 * s, feet_y - 12.0 * s, 44.0 * s, 20.0 * s),
                HAIR_DARK,
            );
        }
        c.fill(
            &round_rect(x - 100.0 * s, top, x + 100.0 * s, hip + 30.0 * s, 56.0 * s),
            self.shirt,
        );
        self.head(c);
        // The right arm (on the picture's right) bends up to carry a cup or a folder.
        let carries = matches!(holding, Some(Held::Cup(_) | Held::Folder(_)));
        let sleeve = self.shirt.shade(0.88);
        let mut right_hand = (0.0, 0.0);
        for side in [-1.0, 1.0] {
            let shoulder = (x + side * 82.0 * s, top + 44.0 * s);
            let hand = if side > 0.0 && carries {
                let elbow = (x + 116.0 * s, top + 250.0 * s);
                let hand = (x + 90.0 * s, top + 200.0 * s);
                c.fill(
                    &capsule(shoulder.0, shoulder.1, elbow.0, elbow.1, 24.0 * s),
                    sleeve,
                );
                c.fill(&capsule(elbow.0, elbow.1, hand.0, hand.1, 22.0 * s), sleeve);
                hand
            } else {
                let hand = (x + side * 112.0 * s, hip + 10.0 * s);
                c.fill(
                    &capsule(shoulder.0, shoulder.1, hand.0, hand.1, 24.0 * s),
                    sleeve,
                );
                hand
            };
            c.fill(&circle(hand.0, hand.1, 20.0 * s), self.skin);
            right_hand = hand;
        }
        let (hx, hy) = right_hand;
        match holding {
            Some(Held::Hoe) => {
                // The blade on the ground beside the foot, the handle up through the hand.
                let (bx, by) = (x + 170.0 * s, feet_y - 8.0 * s);
                let (tx, ty) = (bx + (hx - bx) * 1.9, by + (hy - by) * 1.9);
                c.fill(&capsule(bx, by, tx, ty, 9.0 * s), WOOD);
                c.fill(
                    &polygon(&[
                        (bx - 10.0 * s, by - 14.0 * s),
                        (bx + 50.0 * s, by - 20.0 * s),
                        (bx + 54.0 * s, by + 4.0 * s),
                        (bx - 10.0 * s, by + 6.0 * s),
                    ]),
                    MID_GREY,
                );
                c.fill(&circle(hx, hy, 20.0 * s), self.skin);
            }
            Some(Held::Cup(colour)) => cup(c, hx + 4.0 * s, hy - 8.0 * s, colour),
            Some(Held::Folder(colour)) => {
                c.fill(
                    &rect(hx - 70.0 * s, hy - 110.0 * s, hx + 6.0 * s, hy + 10.0 * s),
                    colour,
                );
                c.fill(&circle(hx, hy, 20.0 * s), self.skin);
            }
            None => {}
        }
    }
}

/// A coffee pot (an insulated jug) standing on `base_y`.
fn coffee_pot(c: &mut Canvas, x: f32, base_y: f32) {
    c.fill_soft(&ellipse(x + 10.0, base_y, 70.0, 10.0), CHARCOAL, 0.3, 10.0);
    c.fill(&ring(x + 58.0, base_y - 110.0, 40.0, 11.0), CHARCOAL);
    c.fill(
        &polygon(&[
            (x - 60.0, base_y - 170.0),
            (x - 92.0, base_y - 186.0),
            (x - 50.0, base_y - 140.0),
        ]),
        CHARCOAL,
    );
    c.fill(
        &round_rect(x - 62.0, base_y - 190.0, x + 62.0, base_y, 28.0),
        RED,
    );
    c.fill_alpha(
        &round_rect(x - 44.0, base_y - 170.0, x - 28.0, base_y - 20.0, 8.0),
        WHITE,
        0.25,
    );
    c.fill(
        &round_rect(x - 52.0, base_y - 222.0, x + 52.0, base_y - 182.0, 14.0),
        CHARCOAL,
    );
    c.fill(&circle(x, base_y - 226.0, 12.0), CHARCOAL);
}

/// A cup with a handle, standing on `base_y`.
fn cup(c: &mut Canvas, x: f32, base_y: f32, colour: Rgb) {
    c.fill(&ellipse(x, base_y - 2.0, 40.0, 7.0), colour.shade(0.85));
    c.fill(&ring(x + 28.0, base_y - 30.0, 14.0, 5.0), colour.shade(0.9));
    c.fill(
        &round_rect(x - 26.0, base_y - 56.0, x + 26.0, base_y - 4.0, 10.0),
        colour,
    );
    c.fill(&ellipse(x, base_y - 54.0, 24.0, 5.0), hex(0x5a3b28));
}

/// A soft cloud of overlapping circles with a flat base.
fn cloud(c: &mut Canvas, x: f32, y: f32, s: f32) {
    c.set_clip(x - 400.0 * s, y - 300.0 * s, x + 400.0 * s, y + 40.0 * s);
    for (dx, dy, r) in [
        (-150.0, 10.0, 70.0),
        (-60.0, -30.0, 100.0),
        (60.0, -10.0, 90.0),
        (160.0, 20.0, 60.0),
    ] {
        c.fill_soft(
            &circle(x + dx * s, y + dy * s, r * s),
            hex(0xf7f8f8),
            1.0,
            4.0,
        );
    }
    c.clear_clip();
}

/// A window with a frame, glass reflecting the sky and a diagonal highlight.
fn window(c: &mut Canvas, x0: f32, y0: f32, x1: f32, y1: f32) {
    c.fill(&rect(x0, y0, x1, y1), CHARCOAL);
    c.fill_gradient(
        &rect(x0 + 10.0, y0 + 10.0, x1 - 10.0, y1 - 10.0),
        hex(0x86a7bc),
        hex(0xc4d5df),
        y0,
        y1,
    );
    c.set_clip(x0 + 10.0, y0 + 10.0, x1 - 10.0, y1 - 10.0);
    let h = y1 - y0;
    c.fill_alpha(
        &polygon(&[
            (x0 + 40.0, y0),
            (x0 + 90.0, y0),
            (x0 + 90.0 - h * 0.5, y1),
            (x0 + 40.0 - h * 0.5, y1),
        ]),
        WHITE,
        0.18,
    );
    c.clear_clip();
    c.fill(
        &rect(x0, (y0 + y1) / 2.0 - 4.0, x1, (y0 + y1) / 2.0 + 4.0),
        CHARCOAL,
    );
    c.fill(&rect(x0 - 8.0, y1, x1 + 8.0, y1 + 12.0), hex(0xc9c3b9));
}

/// A brick house between `x0` and `x1` with a stepped gable whose top is at `top_y`.
fn gabled_house(c: &mut Canvas, x0: f32, x1: f32, top_y: f32, ground_y: f32, brick: Rgb) {
    let w = x1 - x0;
    let eave = top_y + 300.0;
    let step = w / 8.0;
    let rise = (eave - top_y) / 4.0;
    let mut outline = vec![(x0, ground_y), (x0, eave)];
    for i in 0..3 {
        let (sx, sy) = (x0 + step * (i as f32 + 0.5), eave - rise * i as f32);
        outline.push((sx, sy));
        outline.push((sx, sy - rise));
    }
    outline.push((x0 + w / 2.0 - step * 0.5, top_y));
    outline.push((x0 + w / 2.0 + step * 0.5, top_y));
    for i in (0..3).rev() {
        let (sx, sy) = (x1 - step * (i as f32 + 0.5), eave - rise * i as f32);
        outline.push((sx, sy - rise));
        outline.push((sx, sy));
    }
    outline.push((x1, eave));
    outline.push((x1, ground_y));
    // Brick from lighter at the top to darker below, with a faint course every 22 pixels.
    c.paint(&Shape::Polygon(outline), 1.0, 1.0, |_, y| {
        let colour = brick
            .shade(1.06)
            .mix(brick.shade(0.92), (y - top_y) / (ground_y - top_y));
        if (y - top_y) % 22.0 < 2.0 {
            colour.shade(0.95)
        } else {
            colour
        }
    });
    // White-framed windows, a small round window in the gable, a door.
    c.fill(&circle(x0 + w / 2.0, top_y + 130.0, 34.0), OFF_WHITE);
    c.fill(&circle(x0 + w / 2.0, top_y + 130.0, 24.0), hex(0x4b5a68));
    for row in 0..2 {
        let y = eave + 60.0 + row as f32 * 260.0;
        for col in 0..2 {
            let x = x0 + w * (0.16 + col as f32 * 0.44);
            let (wx0, wx1) = (x, x + w * 0.26);
            if row == 1 && col == 1 {
                break;
            }
            c.fill(&rect(wx0, y, wx1, y + 190.0), OFF_WHITE);
            c.fill_gradient(
                &rect(wx0 + 12.0, y + 12.0, wx1 - 12.0, y + 178.0),
                hex(0x536577),
                hex(0x7f96a8),
                y,
                y + 190.0,
            );
            c.fill(&rect(wx0, y + 86.0, wx1, y + 98.0), OFF_WHITE);
        }
    }
    let (dx0, dx1) = (x0 + w * 0.62, x0 + w * 0.84);
    c.fill(
        &rect(dx0 - 10.0, ground_y - 250.0, dx1 + 10.0, ground_y),
        OFF_WHITE,
    );
    c.fill(&rect(dx0, ground_y - 240.0, dx1, ground_y), DARK_BLUE);
    c.fill(&circle(dx0 + 20.0, ground_y - 120.0, 7.0), YELLOW);
}

/// A bicycle parked side-on with its wheels on `ground_y`.
fn bicycle(c: &mut Canvas, x: f32, ground_y: f32, colour: Rgb) {
    let r = 78.0;
    let back = (x - 110.0, ground_y - r);
    let front = (x + 110.0, ground_y - r);
    c.fill_soft(
        &ellipse(x, ground_y + 4.0, 200.0, 12.0),
        CHARCOAL,
        0.25,
        12.0,
    );
    for (wx, wy) in [back, front] {
        c.fill(&ring(wx, wy, r - 6.0, 8.0), CHARCOAL);
        c.fill(&circle(wx, wy, 7.0), MID_GREY);
    }
    let pedal = (x - 10.0, ground_y - r);
    let seat = (x - 50.0, ground_y - 190.0);
    let head = (x + 80.0, ground_y - 200.0);
    for (a, b) in [
        (back, pedal),
        (pedal, seat),
        (seat, back),
        (pedal, head),
        (seat, (head.0 - 10.0, head.1 + 10.0)),
        (head, front),
    ] {
        c.fill(&capsule(a.0, a.1, b.0, b.1, 7.0), colour);
    }
    c.fill(
        &capsule(
            seat.0 - 28.0,
            seat.1 - 10.0,
            seat.0 + 22.0,
            seat.1 - 10.0,
            9.0,
        ),
        CHARCOAL,
    );
    c.fill(
        &capsule(head.0, head.1, head.0 - 20.0, head.1 - 40.0, 6.0),
        colour,
    );
    c.fill(
        &capsule(
            head.0 - 40.0,
            head.1 - 40.0,
            head.0 + 10.0,
            head.1 - 44.0,
            7.0,
        ),
        CHARCOAL,
    );
    // A crate on the carrier at the front, very Dutch.
    c.fill(
        &rect(front.0 - 34.0, head.1 - 20.0, front.0 + 60.0, head.1 + 40.0),
        WOOD,
    );
}

/// A sheep grazing on the slope, `s` its size.
fn sheep(c: &mut Canvas, x: f32, y: f32, s: f32) {
    c.fill_soft(
        &ellipse(x, y + 40.0 * s, 70.0 * s, 10.0 * s),
        GREEN_DARK,
        0.35,
        8.0,
    );
    for dx in [-36.0, -14.0, 18.0, 40.0] {
        c.fill(
            &capsule(x + dx * s, y, x + dx * s, y + 38.0 * s, 6.0 * s),
            CHARCOAL,
        );
    }
    c.fill(&ellipse(x, y - 6.0 * s, 68.0 * s, 38.0 * s), OFF_WHITE);
    c.fill(
        &rotated_ellipse(x - 70.0 * s, y + 4.0 * s, 18.0 * s, 28.0 * s, (0.6, 1.0)),
        CHARCOAL,
    );
}

/// What grows in a bed; each draws one plant at `(x, y)`, `s` its size by distance.
#[derive(Clone, Copy)]
enum Crop {
    Cabbage,
    Lettuce,
    Beans,
    Tomato,
    Pumpkin,
}

impl Crop {
    fn draw(self, c: &mut Canvas, x: f32, y: f32, s: f32) {
        c.fill_soft(
            &ellipse(x, y + 6.0 * s, 90.0 * s, 18.0 * s),
            hex(0x4f3a2a),
            0.35,
            10.0 * s + 1.0,
        );
        match self {
            Crop::Cabbage => {
                for (dx, dy) in [(-44.0, -10.0), (44.0, -10.0), (0.0, -30.0)] {
                    c.fill(
                        &ellipse(x + dx * s, y + dy * s, 52.0 * s, 32.0 * s),
                        hex(0x5f8a7a),
                    );
                }
                c.fill(&circle(x, y - 30.0 * s, 40.0 * s), hex(0x8fb3a0));
                c.fill(&circle(x, y - 34.0 * s, 22.0 * s), hex(0xb3cfbd));
            }
            Crop::Lettuce => {
                for (dx, dy, r) in [
                    (-34.0, -14.0, 36.0),
                    (34.0, -14.0, 36.0),
                    (0.0, -30.0, 40.0),
                ] {
                    c.fill(&circle(x + dx * s, y + dy * s, r * s), GREEN_LIGHT);
                }
                c.fill(&circle(x, y - 26.0 * s, 22.0 * s), hex(0xc3d98f));
            }
            Crop::Beans => {
                c.fill(
                    &capsule(x, y, x - 8.0 * s, y - 330.0 * s, 5.0 * s),
                    WOOD_DARK,
                );
                for i in 0..6 {
                    let t = i as f32 / 5.0;
                    let (lx, ly) = (
                        x - 8.0 * s * t + if i % 2 == 0 { -22.0 } else { 22.0 } * s,
                        y - (40.0 + 260.0 * t) * s,
                    );
                    c.fill(&ellipse(lx, ly, 30.0 * s, 20.0 * s), GREEN);
                    if i % 2 == 1 {
                        c.fill(&circle(lx + 14.0 * s, ly - 14.0 * s, 9.0 * s), RED);
                    }
                }
            }
            Crop::Tomato => {
                c.fill(&capsule(x, y, x, y - 240.0 * s, 5.0 * s), WOOD_DARK);
                for (dx, dy) in [
                    (-34.0, -60.0),
                    (30.0, -100.0),
                    (-28.0, -150.0),
                    (26.0, -190.0),
                    (0.0, -220.0),
                ] {
                    c.fill(
                        &ellipse(x + dx * s, y + dy * s, 40.0 * s, 26.0 * s),
                        GREEN_DARK,
                    );
                }
                for (dx, dy) in [
                    (-16.0, -80.0),
                    (22.0, -132.0),
                    (-10.0, -176.0),
                    (8.0, -56.0),
                ] {
                    c.fill(&circle(x + dx * s, y + dy * s, 16.0 * s), RED);
                }
            }
            Crop::Pumpkin => {
                for (dx, dy) in [(-70.0, -20.0), (70.0, -24.0), (0.0, -46.0)] {
                    c.fill(
                        &ellipse(x + dx * s, y + dy * s, 60.0 * s, 34.0 * s),
                        GREEN_DARK,
                    );
                }
                c.fill(
                    &ellipse(x + 10.0 * s, y - 22.0 * s, 54.0 * s, 40.0 * s),
                    YELLOW,
                );
                c.fill(
                    &ellipse(x + 10.0 * s, y - 22.0 * s, 20.0 * s, 38.0 * s),
                    hex(0xd99c3c),
                );
                c.fill(
                    &capsule(
                        x + 10.0 * s,
                        y - 60.0 * s,
                        x + 18.0 * s,
                        y - 76.0 * s,
                        6.0 * s,
                    ),
                    GREEN_DARK,
                );
            }
        }
    }
}

/// A garden shed of dark blue planks with a pitched roof, standing on `base_y`.
fn shed(c: &mut Canvas, x: f32, base_y: f32) {
    let (w, h) = (230.0, 170.0);
    c.fill_soft(
        &rect(
            x - w / 2.0 + 10.0,
            base_y - 10.0,
            x + w / 2.0 + 30.0,
            base_y + 14.0,
        ),
        GREEN_DARK,
        0.4,
        14.0,
    );
    c.fill(
        &rect(x - w / 2.0, base_y - h, x + w / 2.0, base_y),
        DARK_BLUE,
    );
    let mut px = x - w / 2.0 + 28.0;
    while px < x + w / 2.0 {
        c.fill_alpha(&rect(px, base_y - h, px + 3.0, base_y), WHITE, 0.12);
        px += 28.0;
    }
    c.fill(
        &polygon(&[
            (x - w / 2.0 - 24.0, base_y - h + 4.0),
            (x, base_y - h - 90.0),
            (x + w / 2.0 + 24.0, base_y - h + 4.0),
        ]),
        hex(0x5b4138),
    );
    c.fill(
        &rect(x + 20.0, base_y - 120.0, x + 80.0, base_y),
        hex(0x2c4c74),
    );
    c.fill(&circle(x + 30.0, base_y - 60.0, 5.0), YELLOW);
}

/// A watering can standing on `base_y`.
fn watering_can(c: &mut Canvas, x: f32, base_y: f32) {
    c.fill_soft(
        &ellipse(x + 40.0, base_y, 190.0, 18.0),
        hex(0x3d4a2f),
        0.35,
        16.0,
    );
    c.fill(
        &capsule(x + 90.0, base_y - 50.0, x + 250.0, base_y - 200.0, 12.0),
        TEAL.shade(0.85),
    );
    c.fill(
        &rotated_ellipse(x + 258.0, base_y - 208.0, 34.0, 16.0, (1.0, 1.0)),
        TEAL.shade(0.75),
    );
    // The handle: the top half of a ring, over the back of the can.
    c.set_clip(x - 200.0, base_y - 300.0, x + 200.0, base_y - 150.0);
    c.fill(&ring(x - 40.0, base_y - 150.0, 70.0, 12.0), TEAL.shade(0.8));
    c.clear_clip();
    c.fill(
        &capsule(x - 124.0, base_y - 140.0, x - 124.0, base_y - 60.0, 12.0),
        TEAL.shade(0.8),
    );
    c.fill(
        &round_rect(x - 120.0, base_y - 170.0, x + 110.0, base_y, 30.0),
        TEAL,
    );
    c.fill(
        &round_rect(x - 40.0, base_y - 186.0, x + 60.0, base_y - 160.0, 10.0),
        TEAL.shade(0.85),
    );
    c.fill_alpha(
        &round_rect(x - 98.0, base_y - 150.0, x - 78.0, base_y - 20.0, 10.0),
        WHITE,
        0.25,
    );
}

// ---------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------

/// A colour in sRGB, channels 0–255 as floats so blending does not round until the end.
#[derive(Clone, Copy)]
struct Rgb(f32, f32, f32);

const fn hex(value: u32) -> Rgb {
    Rgb(
        ((value >> 16) & 0xff) as f32,
        ((value >> 8) & 0xff) as f32,
        (value & 0xff) as f32,
    )
}

impl Rgb {
    /// Darker below 1, lighter above.
    fn shade(self, factor: f32) -> Rgb {
        Rgb(
            (self.0 * factor).min(255.0),
            (self.1 * factor).min(255.0),
            (self.2 * factor).min(255.0),
        )
    }

    /// This colour moved `t` of the way to `other`.
    fn mix(self, other: Rgb, t: f32) -> Rgb {
        Rgb(
            lerp(self.0, other.0, t),
            lerp(self.1, other.1, t),
            lerp(self.2, other.2, t),
        )
    }
}

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

/// A shape as a signed distance function: negative inside, positive outside, in pixels.
enum Shape {
    /// A rectangle with rounded corners (radius 0: sharp).
    RoundRect {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        r: f32,
    },
    Circle {
        x: f32,
        y: f32,
        r: f32,
    },
    /// An outline of a circle: radius `r` to the middle of a band `half` wide each side.
    Ring {
        x: f32,
        y: f32,
        r: f32,
        half: f32,
    },
    /// A line segment with round ends, `r` its half-width.
    Capsule {
        ax: f32,
        ay: f32,
        bx: f32,
        by: f32,
        r: f32,
    },
    /// An ellipse whose `ry` axis points along the unit vector `(ux, uy)`.
    Ellipse {
        x: f32,
        y: f32,
        rx: f32,
        ry: f32,
        ux: f32,
        uy: f32,
    },
    /// Any simple polygon (convex or not), points in order.
    Polygon(Vec<(f32, f32)>),
}

fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Shape {
    Shape::RoundRect {
        x0,
        y0,
        x1,
        y1,
        r: 0.0,
    }
}

fn round_rect(x0: f32, y0: f32, x1: f32, y1: f32, r: f32) -> Shape {
    Shape::RoundRect { x0, y0, x1, y1, r }
}

fn circle(x: f32, y: f32, r: f32) -> Shape {
    Shape::Circle { x, y, r }
}

fn ring(x: f32, y: f32, r: f32, half: f32) -> Shape {
    Shape::Ring { x, y, r, half }
}

fn capsule(ax: f32, ay: f32, bx: f32, by: f32, r: f32) -> Shape {
    Shape::Capsule { ax, ay, bx, by, r }
}

fn ellipse(x: f32, y: f32, rx: f32, ry: f32) -> Shape {
    rotated_ellipse(x, y, rx, ry, (0.0, 1.0))
}

/// An ellipse tilted so its `ry` axis points along `direction` (any length; normalised
/// here with a square root instead of an angle, to stay clear of trigonometry).
fn rotated_ellipse(x: f32, y: f32, rx: f32, ry: f32, direction: (f32, f32)) -> Shape {
    let length = (direction.0 * direction.0 + direction.1 * direction.1).sqrt();
    Shape::Ellipse {
        x,
        y,
        rx,
        ry,
        ux: direction.0 / length,
        uy: direction.1 / length,
    }
}

fn polygon(points: &[(f32, f32)]) -> Shape {
    Shape::Polygon(points.to_vec())
}

impl Shape {
    fn distance(&self, px: f32, py: f32) -> f32 {
        match *self {
            Shape::RoundRect { x0, y0, x1, y1, r } => {
                let (hw, hh) = ((x1 - x0) / 2.0, (y1 - y0) / 2.0);
                let r = r.min(hw).min(hh);
                let qx = (px - (x0 + x1) / 2.0).abs() - (hw - r);
                let qy = (py - (y0 + y1) / 2.0).abs() - (hh - r);
                let outside = (qx.max(0.0) * qx.max(0.0) + qy.max(0.0) * qy.max(0.0)).sqrt();
                outside + qx.max(qy).min(0.0) - r
            }
            Shape::Circle { x, y, r } => ((px - x) * (px - x) + (py - y) * (py - y)).sqrt() - r,
            Shape::Ring { x, y, r, half } => {
                (((px - x) * (px - x) + (py - y) * (py - y)).sqrt() - r).abs() - half
            }
            Shape::Capsule { ax, ay, bx, by, r } => {
                let (ex, ey) = (bx - ax, by - ay);
                let (wx, wy) = (px - ax, py - ay);
                let length2 = ex * ex + ey * ey;
                let t = if length2 > 0.0 {
                    ((wx * ex + wy * ey) / length2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (dx, dy) = (wx - ex * t, wy - ey * t);
                (dx * dx + dy * dy).sqrt() - r
            }
            Shape::Ellipse {
                x,
                y,
                rx,
                ry,
                ux,
                uy,
            } => {
                // Into the ellipse's own axes, then the distance to the unit circle in
                // scaled space, divided by its gradient: exact near the edge, which is
                // all the anti-aliasing needs.
                let (dx, dy) = (px - x, py - y);
                let (u, v) = (dx * uy - dy * ux, dx * ux + dy * uy);
                let k = ((u / rx) * (u / rx) + (v / ry) * (v / ry)).sqrt();
                let gradient =
                    ((u / (rx * rx)) * (u / (rx * rx)) + (v / (ry * ry)) * (v / (ry * ry))).sqrt();
                if gradient < 1e-6 {
                    -rx.min(ry)
                } else {
                    (k - 1.0) * k / gradient
                }
            }
            Shape::Polygon(ref points) => {
                // Inigo Quilez's polygon distance: the nearest edge gives the distance,
                // a crossing count gives the sign.
                let n = points.len();
                let (p0x, p0y) = points[0];
                let mut d = (px - p0x) * (px - p0x) + (py - p0y) * (py - p0y);
                let mut sign = 1.0;
                let mut j = n - 1;
                for i in 0..n {
                    let (vix, viy) = points[i];
                    let (vjx, vjy) = points[j];
                    let (ex, ey) = (vjx - vix, vjy - viy);
                    let (wx, wy) = (px - vix, py - viy);
                    let t = ((wx * ex + wy * ey) / (ex * ex + ey * ey)).clamp(0.0, 1.0);
                    let (bx, by) = (wx - ex * t, wy - ey * t);
                    d = d.min(bx * bx + by * by);
                    let above = py >= viy;
                    let below = py < vjy;
                    let left = ex * wy > ey * wx;
                    if (above && below && left) || (!above && !below && !left) {
                        sign = -sign;
                    }
                    j = i;
                }
                sign * d.sqrt()
            }
        }
    }

    /// A box around the shape: (x0, y0, x1, y1).
    fn bounds(&self) -> (f32, f32, f32, f32) {
        match *self {
            Shape::RoundRect { x0, y0, x1, y1, .. } => (x0, y0, x1, y1),
            Shape::Circle { x, y, r } => (x - r, y - r, x + r, y + r),
            Shape::Ring { x, y, r, half } => {
                (x - r - half, y - r - half, x + r + half, y + r + half)
            }
            Shape::Capsule { ax, ay, bx, by, r } => (
                ax.min(bx) - r,
                ay.min(by) - r,
                ax.max(bx) + r,
                ay.max(by) + r,
            ),
            Shape::Ellipse { x, y, rx, ry, .. } => {
                let r = rx.max(ry);
                (x - r, y - r, x + r, y + r)
            }
            Shape::Polygon(ref points) => points.iter().fold(
                (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
                |(x0, y0, x1, y1), &(x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
            ),
        }
    }
}

/// An RGB picture in floats, with a clip rectangle that bounds every fill.
struct Canvas {
    width: usize,
    height: usize,
    pixels: Vec<Rgb>,
    clip: (f32, f32, f32, f32),
}

impl Canvas {
    fn new(width: usize, height: usize, background: Rgb) -> Canvas {
        Canvas {
            width,
            height,
            pixels: vec![background; width * height],
            clip: (0.0, 0.0, width as f32, height as f32),
        }
    }

    fn set_clip(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        self.clip = (
            x0.max(0.0),
            y0.max(0.0),
            x1.min(self.width as f32),
            y1.min(self.height as f32),
        );
    }

    fn clear_clip(&mut self) {
        self.clip = (0.0, 0.0, self.width as f32, self.height as f32);
    }

    /// Paints `shape` with the colour `paint` gives for each pixel, at opacity `alpha`.
    /// A pixel's coverage ramps from 1 to 0 over `feather` pixels across the edge: 1 is
    /// plain anti-aliasing, more gives soft shadows and glows.
    fn paint(&mut self, shape: &Shape, alpha: f32, feather: f32, paint: impl Fn(f32, f32) -> Rgb) {
        let (x0, y0, x1, y1) = shape.bounds();
        let (cx0, cy0, cx1, cy1) = self.clip;
        let reach = feather / 2.0 + 1.0;
        let xs =
            (x0 - reach).max(cx0).floor() as usize..(x1 + reach).min(cx1).ceil().max(0.0) as usize;
        let ys =
            (y0 - reach).max(cy0).floor() as usize..(y1 + reach).min(cy1).ceil().max(0.0) as usize;
        for y in ys {
            let py = y as f32 + 0.5;
            // Rows the clip cuts through take the covered fraction only.
            let row_cover = (py + 0.5 - cy0).min(cy1 - (py - 0.5)).clamp(0.0, 1.0);
            for x in xs.clone() {
                let px = x as f32 + 0.5;
                let cover = (0.5 - shape.distance(px, py) / feather).clamp(0.0, 1.0);
                let column_cover = (px + 0.5 - cx0).min(cx1 - (px - 0.5)).clamp(0.0, 1.0);
                let a = alpha * cover * row_cover * column_cover;
                if a > 0.0 {
                    let pixel = &mut self.pixels[y * self.width + x];
                    *pixel = pixel.mix(paint(px, py), a);
                }
            }
        }
    }

    fn fill(&mut self, shape: &Shape, colour: Rgb) {
        self.paint(shape, 1.0, 1.0, |_, _| colour);
    }

    fn fill_alpha(&mut self, shape: &Shape, colour: Rgb, alpha: f32) {
        self.paint(shape, alpha, 1.0, |_, _| colour);
    }

    /// A blurred fill: shadows and glows.
    fn fill_soft(&mut self, shape: &Shape, colour: Rgb, alpha: f32, feather: f32) {
        self.paint(shape, alpha, feather, |_, _| colour);
    }

    /// Fills `shape` with a vertical gradient from `top` at `y0` to `bottom` at `y1`.
    fn fill_gradient(&mut self, shape: &Shape, top: Rgb, bottom: Rgb, y0: f32, y1: f32) {
        self.paint(shape, 1.0, 1.0, |_, y| {
            top.mix(bottom, ((y - y0) / (y1 - y0)).clamp(0.0, 1.0))
        });
    }

    /// A rectangle with a vertical gradient over its own height.
    fn vertical_gradient(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, top: Rgb, bottom: Rgb) {
        self.fill_gradient(&rect(x0, y0, x1, y1), top, bottom, y0, y1);
    }

    /// Darkens the corners a little, as a lens does.
    fn vignette(&mut self, strength: f32) {
        let (cx, cy) = (self.width as f32 / 2.0, self.height as f32 / 2.0);
        let corner2 = cx * cx + cy * cy;
        for y in 0..self.height {
            for x in 0..self.width {
                let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
                let r2 = (dx * dx + dy * dy) / corner2;
                let pixel = &mut self.pixels[y * self.width + x];
                *pixel = pixel.shade(1.0 - strength * r2 * r2);
            }
        }
    }

    /// Adds film-like grain: the same brightness offset on all three channels, triangular
    /// in `-amount..amount`, from a fixed-seed generator (the same grain every run).
    fn grain(&mut self, seed: u64, amount: f32) {
        let mut rng = XorShift(seed);
        for pixel in &mut self.pixels {
            let n = (rng.next_unit() + rng.next_unit() - 1.0) * amount;
            *pixel = Rgb(pixel.0 + n, pixel.1 + n, pixel.2 + n);
        }
    }

    fn to_rgb8(&self) -> Vec<u8> {
        let channel = |v: f32| v.round().clamp(0.0, 255.0) as u8;
        self.pixels
            .iter()
            .flat_map(|p| [channel(p.0), channel(p.1), channel(p.2)])
            .collect()
    }

    fn encode_jpeg(&self, quality: u8) -> Result<Vec<u8>, image::ImageError> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, quality).write_image(
            &self.to_rgb8(),
            self.width as u32,
            self.height as u32,
            ExtendedColorType::Rgb8,
        )?;
        Ok(out)
    }

    fn encode_png(&self) -> Result<Vec<u8>, image::ImageError> {
        let mut out = Vec::new();
        PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
            .write_image(
                &self.to_rgb8(),
                self.width as u32,
                self.height as u32,
                ExtendedColorType::Rgb8,
            )?;
        Ok(out)
    }
}

/// Marsaglia's xorshift64: small, fast and the same on every platform.
struct XorShift(u64);

impl XorShift {
    /// A float in `0..1` from the top 24 bits.
    fn next_unit(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }
}
