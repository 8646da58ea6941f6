//! Activities prepared for matching: the fields the engine reads, compact and contiguous, with the
//! interest and language strings interned to numbers. [`super::rank`] prepares the activities in
//! their input order and looks at all of them; [`super::ActivityIndex`] prepares them once and
//! reorders them by grid cell, so the activities near a child lie together in memory. Both then run the same filters
//! and the same scoring over this form.

use super::geo::Point;
use super::{Activity, ActivityCategory, Session, keyword_mask, normalise_tag};
use std::collections::HashMap;

/// A range in one of the flat arrays.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of<T>(self, items: &[T]) -> &[T] {
        let start = self.start as usize;
        items.get(start..start + self.len as usize).unwrap_or(&[])
    }

    fn push<T: Copy>(flat: &mut Vec<T>, items: impl IntoIterator<Item = T>) -> Span {
        let start = flat.len();
        flat.extend(items);
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            len: u32::try_from(flat.len() - start).unwrap_or(0),
        }
    }
}

/// What the hard filters and the distance need (read for every candidate).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hot {
    pub point: Point,
    /// Position in the caller's list of activities.
    pub pos: u32,
    pub min_age: u32,
    pub max_age: u32,
    pub accessible: bool,
    pub full: bool,
}

impl Hot {
    /// `None` for an activity without a valid location: it is never suggested.
    pub(crate) fn of(a: &Activity, pos: usize) -> Option<Hot> {
        Some(Hot {
            point: Point::new(a.latitude, a.longitude)?,
            pos: u32::try_from(pos).ok()?,
            min_age: a.min_age,
            max_age: a.max_age,
            accessible: a.accessible,
            full: a.capacity_left.is_some_and(|c| c <= 0),
        })
    }

    pub(crate) fn admits(&self, age: u32, needs_accessible: bool) -> bool {
        self.min_age <= age
            && age <= self.max_age
            && !self.full
            && (self.accessible || !needs_accessible)
    }
}

/// What the scoring needs (read for candidates that pass the hard filters).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cold {
    pub id: i64,
    pub cost: i64,
    pub category: ActivityCategory,
    tags: Span,
    langs: Span,
    sessions: Span,
}

/// Activities in storage order as parallel `hot`/`cold` arrays, plus the interned strings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prepared {
    pub hot: Vec<Hot>,
    pub cold: Vec<Cold>,
    tag_ids: Vec<u32>,
    lang_ids: Vec<u32>,
    sessions: Vec<Session>,
    /// Normalised string → number, for interest tags and languages alike.
    ids: HashMap<String, u32>,
    /// Per number: the categories of the activities that carry it as an interest tag. A child who
    /// likes "basketbal" likes sport, because the activities tagged "basketbal" are sport: learnt
    /// from the catalogue, no taxonomy in code beyond the category keywords.
    categories_of: Vec<u8>,
}

fn intern(ids: &mut HashMap<String, u32>, raw: &str) -> u32 {
    // Keys are normalised, so a key equal to `raw` is `raw` normalised.
    if let Some(&id) = ids.get(raw) {
        return id;
    }
    let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
    *ids.entry(normalise_tag(raw)).or_insert(next)
}

impl Prepared {
    /// Prepares the activities in their input order, skipping those without a valid location;
    /// interns the strings and learns the tag categories from all of them.
    pub(crate) fn new(activities: &[Activity]) -> Prepared {
        let mut p = Prepared::default();
        for (pos, a) in activities.iter().enumerate() {
            let tags = Span::push(
                &mut p.tag_ids,
                a.interests.iter().map(|t| intern(&mut p.ids, t)),
            );
            for &id in tags.of(&p.tag_ids) {
                let id = id as usize;
                if p.categories_of.len() <= id {
                    p.categories_of.resize(id + 1, 0);
                }
                if let Some(m) = p.categories_of.get_mut(id) {
                    *m |= a.category.bit();
                }
            }
            let Some(hot) = Hot::of(a, pos) else {
                // Interests still count for the categories; nothing else is kept.
                continue;
            };
            let langs = Span::push(
                &mut p.lang_ids,
                a.languages.iter().map(|l| intern(&mut p.ids, l)),
            );
            let sessions = Span::push(&mut p.sessions, a.sessions.iter().copied());
            p.hot.push(hot);
            p.cold.push(Cold {
                id: a.id,
                cost: a.cost_per_season_cents.max(0),
                category: a.category,
                tags,
                langs,
                sessions,
            });
        }
        p
    }

    /// The same entries in another order: `order` lists entry indices (each once).
    pub(crate) fn reordered(self, order: &[usize]) -> Prepared {
        let mut p = Prepared {
            hot: Vec::with_capacity(order.len()),
            cold: Vec::with_capacity(order.len()),
            tag_ids: Vec::with_capacity(self.tag_ids.len()),
            lang_ids: Vec::with_capacity(self.lang_ids.len()),
            sessions: Vec::with_capacity(self.sessions.len()),
            ids: HashMap::new(),
            categories_of: Vec::new(),
        };
        for &i in order {
            let (Some(h), Some(c)) = (self.hot.get(i), self.cold.get(i)) else {
                continue;
            };
            p.hot.push(*h);
            p.cold.push(Cold {
                tags: Span::push(&mut p.tag_ids, self.tags(c).iter().copied()),
                langs: Span::push(&mut p.lang_ids, self.langs(c).iter().copied()),
                sessions: Span::push(&mut p.sessions, self.sessions(c).iter().copied()),
                ..*c
            });
        }
        p.ids = self.ids;
        p.categories_of = self.categories_of;
        p
    }

    /// The number of a string (normalised here), when any activity carries it.
    pub(crate) fn lookup(&self, raw: &str) -> Option<u32> {
        match self.ids.get(raw) {
            Some(&id) => Some(id),
            None => self.ids.get(normalise_tag(raw).as_str()).copied(),
        }
    }

    /// The categories a normalised child interest belongs to: learnt from the catalogue, or named
    /// by a category keyword.
    pub(crate) fn category_mask(&self, norm: &str) -> u8 {
        let learnt = self
            .ids
            .get(norm)
            .and_then(|&id| self.categories_of.get(id as usize))
            .copied()
            .unwrap_or(0);
        learnt | keyword_mask(norm)
    }

    pub(crate) fn tags(&self, c: &Cold) -> &[u32] {
        c.tags.of(&self.tag_ids)
    }

    pub(crate) fn langs(&self, c: &Cold) -> &[u32] {
        c.langs.of(&self.lang_ids)
    }

    pub(crate) fn sessions(&self, c: &Cold) -> &[Session] {
        c.sessions.of(&self.sessions)
    }
}
