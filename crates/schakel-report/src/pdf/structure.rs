//! What a page's drawing means to a reader: the logical structure (headings, paragraphs, tables with their
//! header cells, figures with their alternative text) that `draw` turns into the PDF's tag tree (PDF/UA-1),
//! and the marks that tie every drawing operation to a piece of that structure or make it decoration.
//! Kept free of krilla's types, so the layout stays plain data.

/// A structure element's kind, with what a reader needs of it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Role {
    /// A heading of level 1 or 2; the title is its text, which also goes into the document's outline.
    Heading {
        level: u16,
        title: String,
    },
    Paragraph,
    Table,
    TableHead,
    TableBody,
    TableFoot,
    Row,
    /// A header cell for the cells under it.
    ColumnHeader,
    /// A header cell for the cells beside it.
    RowHeader,
    Cell,
    /// A chart: its drawing is one figure, read as its alternative text.
    Figure {
        alt: String,
    },
}

/// A node of the structure tree: an element with children, or a piece of drawn content (by its number).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Element(Role, Vec<Node>),
    Content(usize),
}

/// What kind of decoration an artifact is (not read aloud, not in the structure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Artifact {
    /// Rules, shading, boxes.
    Layout,
    /// The footer on every page.
    Footer,
    /// What a page break repeats: a table's title "(vervolg)" and its header row.
    Repeat,
}

/// What one drawing operation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Content number `leaf`; `graphic` when it is a figure's drawing rather than text.
    Content {
        leaf: usize,
        graphic: bool,
    },
    Artifact(Artifact),
}

/// A heading's place, for the document outline (bookmarks); `y` from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bookmark {
    pub level: u16,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// The structure as it is built, element by element, while the pages are laid out.
#[derive(Debug, Default)]
pub(crate) struct Structure {
    pub roots: Vec<Node>,
    open: Vec<(Role, Vec<Node>)>,
    pub leaves: usize,
    pub bookmarks: Vec<Bookmark>,
}

impl Structure {
    pub(crate) fn begin(&mut self, role: Role) {
        self.open.push((role, Vec::new()));
    }

    /// Closes the innermost open element (an element without content is dropped).
    pub(crate) fn end(&mut self) {
        if let Some((role, children)) = self.open.pop()
            && !children.is_empty()
        {
            self.add(Node::Element(role, children));
        }
    }

    /// The innermost open element's role.
    pub(crate) fn open_role(&self) -> Option<&Role> {
        self.open.last().map(|(role, _)| role)
    }

    /// A new piece of content in the innermost open element; its number.
    pub(crate) fn content(&mut self) -> usize {
        let leaf = self.leaves;
        self.leaves += 1;
        self.add(Node::Content(leaf));
        leaf
    }

    fn add(&mut self, node: Node) {
        match self.open.last_mut() {
            Some((_, children)) => children.push(node),
            None => self.roots.push(node),
        }
    }

    /// The finished tree (closing whatever a caller left open).
    pub(crate) fn finish(mut self) -> (Vec<Node>, usize, Vec<Bookmark>) {
        while !self.open.is_empty() {
            self.end();
        }
        (self.roots, self.leaves, self.bookmarks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_nest_and_empty_ones_are_dropped() {
        let mut s = Structure::default();
        s.begin(Role::Table);
        s.begin(Role::Row);
        s.begin(Role::Cell);
        let a = s.content();
        s.end();
        s.begin(Role::Cell);
        s.end();
        s.end();
        s.end();
        s.begin(Role::Paragraph);
        let b = s.content();
        let (roots, leaves, _) = s.finish();
        assert_eq!(leaves, 2);
        assert_eq!(
            roots,
            vec![
                Node::Element(
                    Role::Table,
                    vec![Node::Element(
                        Role::Row,
                        vec![Node::Element(Role::Cell, vec![Node::Content(a)])]
                    )]
                ),
                Node::Element(Role::Paragraph, vec![Node::Content(b)]),
            ]
        );
    }
}
