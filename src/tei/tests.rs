use super::*;

fn tei(body: &str) -> String {
    format!(
        "<TEI xmlns=\"{TEI_NS}\"><teiHeader><p>header</p></teiHeader><text><body>{body}</body></text></TEI>"
    )
}

fn read(body: &str, opts: Options) -> Reading {
    extract(&tei(body), &opts).unwrap()
}

#[test]
fn detection_needs_the_root_in_the_tei_namespace() {
    assert!(is_tei(&tei("<p>x</p>")));
    assert!(is_tei(
        "\u{feff}<?xml version=\"1.1\"?>\n<!-- c -->\n<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\"/>"
    ));
    assert!(is_tei(
        "<tei:TEI xmlns:tei=\"http://www.tei-c.org/ns/1.0\"/>"
    ));
    assert!(!is_tei("<TEI><text/></TEI>"));
    assert!(!is_tei("<html xmlns=\"http://www.tei-c.org/ns/1.0\"/>"));
    assert!(!is_tei(
        "plain <TEI xmlns=\"http://www.tei-c.org/ns/1.0\"/>"
    ));
    assert!(!is_tei("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\""));
    assert!(!is_tei(""));
}

#[test]
fn break_inside_a_word_does_not_split_it() {
    let r = read(
        "<p>suc<pb n=\"12\"/>ceeded and gene-\n  <lb break=\"no\"/>ration</p>",
        Options::default(),
    );
    assert_eq!(r.text, "succeeded and gene-ration\n");
    assert_eq!(r.map.pages, vec![(3, "12".into())]);
}

#[test]
fn source_offsets_point_into_the_xml() {
    let xml = tei("<p>  alpha\n   <hi>beta</hi> &amp; gamma</p>");
    let r = extract(&xml, &Options::default()).unwrap();
    assert_eq!(r.text, "alpha beta & gamma\n");
    let m = crate::witness::Markup {
        source: xml.clone(),
        map: r.map,
        revisions: false,
        lacunae: vec![],
    };
    for (word, off) in [("alpha", 0), ("beta", 6), ("gamma", 13)] {
        let src = m.source_offset(off);
        assert_eq!(&xml[src..src + word.len()], word);
    }
    assert_eq!(&xml[m.source_offset(11)..][..5], "&amp;");
}

#[test]
fn revisions_are_noticed_in_either_layer() {
    let body = "<p>a <del>b</del><add>c</add></p>";
    let pc = read(body, Options::default());
    let ac = read(
        body,
        Options {
            layer: Layer::Ac,
            ..Options::default()
        },
    );
    assert_eq!((pc.text.as_str(), pc.revisions), ("a c\n", true));
    assert_eq!((ac.text.as_str(), ac.revisions), ("a b\n", true));
    assert!(!read("<p>a</p>", Options::default()).revisions);
}

#[test]
fn read_witness_keeps_the_source_and_rereads_it() {
    let xml = tei("<p>a <del>b</del><add>c</add></p>");
    let w = Witness {
        text: xml.clone(),
        label: "w.xml".into(),
        ..Witness::default()
    };
    let w = read_witness(w, InputFormat::Auto, &Options::default()).unwrap();
    assert_eq!(w.text, "a c\n");
    assert_eq!(w.markup.as_ref().unwrap().source, xml);
    let ac = Options {
        layer: Layer::Ac,
        ..Options::default()
    };
    let w = read_witness(w, InputFormat::Auto, &ac).unwrap();
    assert_eq!(w.text, "a b\n");
    let plain = Witness {
        text: "a <b>\n".into(),
        ..Witness::default()
    };
    assert_eq!(
        read_witness(plain.clone(), InputFormat::Auto, &ac).unwrap(),
        plain
    );
}

#[test]
fn errors_carry_line_and_column() {
    let e = extract_from(
        "<TEI xmlns=\"x\">\n <p>a</q></TEI>",
        "f.xml",
        &Options::default(),
    )
    .unwrap_err();
    let msg = e.to_string();
    assert!(msg.starts_with("f.xml:2:"), "{msg}");
    assert_eq!(crate::exit::Classify::kind(&e), crate::exit::Kind::Input);
}

#[test]
fn a_byte_order_mark_before_an_unclosed_root_is_an_error_at_the_root() {
    // Found by the `tei` fuzz target: quick-xml reports the first event from offset 0, inside
    // the mark, and naming the unclosed element sliced into it.
    let xml = format!("\u{feff}<TEI xmlns=\"{TEI_NS}\">\n<text><body><p>x</p></body></text>");
    let err = extract(&xml, &Options::default()).unwrap_err().to_string();
    assert!(err.contains("<TEI> is never closed"), "{err}");
    let whole = format!("\u{feff}{}", tei("<p>x y</p>"));
    assert_eq!(extract(&whole, &Options::default()).unwrap().text, "x y\n");
}
