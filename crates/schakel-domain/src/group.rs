//! Group work (issue 13, items 1 and 2): group activities with a series of sessions, participants counted
//! anonymously or named with consent, and live polls on statements at theme meetings. The rules, without IO: the kinds and the Likert
//! scale with their labels, the checks of a session's facts, the poll's short code and when a poll takes answers.

use crate::lang::coded;
use chrono::{DateTime, Duration, NaiveTime, Utc};

coded! {
    /// The kinds of group activity an organisation starts with (sources 001, 002, 003a/b/f). Each organisation
    /// keeps its own list (`casework::Taxonomy::GroupActivityKinds`, ADR 019 addendum): it adds, renames and
    /// retires kinds; these are the defaults and their English.
    pub enum GroupActivityKind {
        ParentGroup = "oudergespreksgroep", "oudergespreksgroep", "parent discussion group";
        ParentingCourse = "opvoedcursus", "opvoedcursus", "parenting course";
        ChildrenTraining = "kindertraining", "training voor kinderen", "training for children";
        ClassWorkshop = "klassenworkshop", "klassenworkshop", "class workshop";
        ThemeMeeting = "themabijeenkomst", "themabijeenkomst", "theme meeting";
        InformationEvening = "informatieavond", "informatieavond", "information evening";
    }
}

/// The kinds an organisation starts with: code and Dutch label (the same as [`GroupActivityKind`]'s).
pub const DEFAULT_KINDS: [(&str, &str); 6] = [
    ("oudergespreksgroep", "oudergespreksgroep"),
    ("opvoedcursus", "opvoedcursus"),
    ("kindertraining", "training voor kinderen"),
    ("klassenworkshop", "klassenworkshop"),
    ("themabijeenkomst", "themabijeenkomst"),
    ("informatieavond", "informatieavond"),
];

/// A kind as the functional admin types it: a Dutch label of 1–80 characters with a letter or digit (its code
/// comes from it), an English label of at most 80 (empty: the Dutch one is shown). Every wrong field at once.
pub fn parse_kind(
    label: &str,
    label_en: &str,
) -> Result<(String, String, String), Vec<crate::org::FieldError>> {
    use crate::org::FieldError;
    let (label, label_en) = (label.trim(), label_en.trim());
    let mut errors = Vec::new();
    let code = crate::casework::term_code(label);
    if label.is_empty() || code.is_empty() {
        errors.push(FieldError::new(
            "label",
            "Vul een naam in met letters of cijfers.",
            "Fill in a name with letters or digits.",
        ));
    } else if label.chars().count() > 80 {
        errors.push(FieldError::new(
            "label",
            "De naam is te lang (hoogstens 80 tekens).",
            "The name is too long (at most 80 characters).",
        ));
    }
    if label_en.chars().count() > 80 {
        errors.push(FieldError::new(
            "label_en",
            "De Engelse naam is te lang (hoogstens 80 tekens).",
            "The English name is too long (at most 80 characters).",
        ));
    }
    if errors.is_empty() {
        Ok((code, label.to_string(), label_en.to_string()))
    } else {
        Err(errors)
    }
}

/// A kind's label for a reader: in English its English label when it has one, else a kept default's English;
/// otherwise the organisation's Dutch label.
pub fn kind_label<'a>(code: &str, label: &'a str, label_en: &'a str, lang: crate::Lang) -> &'a str {
    match lang {
        crate::Lang::En if !label_en.is_empty() => label_en,
        _ => crate::casework::term_label(
            crate::casework::Taxonomy::GroupActivityKinds,
            code,
            label,
            lang,
        ),
    }
}

/// The consent a named participant needs (ADR 026): to share with the child's school, whose activity it is too
/// (held there, its contact sees it). Taking part is help by the organisation itself; the school is the one
/// outside the organisation that sees the participants in Schakel.
pub const PARTICIPANT_RECIPIENT: &str = "school";

/// The refusal of a named participant without consent to share with the school (`gap_nl`: who has not consented).
pub fn participant_not_by_name(gap_nl: &str) -> (String, String) {
    (
        format!(
            "Dit kind kan niet met naam als deelnemer worden vastgelegd: er is geen geldige toestemming om te delen \
             met de school (nooit gevraagd, geweigerd, verlopen of ingetrokken). {gap_nl} Tel het kind anoniem mee \
             bij de aanwezigen van de bijeenkomst."
        ),
        "This child cannot be recorded as a participant by name: there is no valid consent to share with the \
         school (never asked, refused, expired or withdrawn). Count the child anonymously among those present at \
         the session."
            .to_string(),
    )
}

coded! {
    /// Why a named participant is taken off an activity's list (issue 13): the consent to share with the school
    /// was withdrawn (or ended), or the child was named by mistake. A fixed list: the reason goes on the case's
    /// timeline and in the access log.
    pub enum ParticipantRemoval {
        ConsentWithdrawn = "toestemming_ingetrokken", "toestemming ingetrokken", "consent withdrawn";
        AddedByMistake = "vergissing", "per vergissing toegevoegd", "added by mistake";
    }
}

coded! {
    /// A five-point Likert answer to a statement; the code is the score.
    pub enum Likert {
        StronglyDisagree = "1", "helemaal oneens", "strongly disagree";
        Disagree = "2", "oneens", "disagree";
        Neutral = "3", "neutraal", "neutral";
        Agree = "4", "eens", "agree";
        StronglyAgree = "5", "helemaal eens", "strongly agree";
    }
}

impl Likert {
    /// The score, 1–5.
    pub fn score(self) -> i64 {
        match self {
            Likert::StronglyDisagree => 1,
            Likert::Disagree => 2,
            Likert::Neutral => 3,
            Likert::Agree => 4,
            Likert::StronglyAgree => 5,
        }
    }

    pub fn from_score(score: i64) -> Option<Likert> {
        Likert::ALL.iter().copied().find(|l| l.score() == score)
    }
}

/// A field that breaks a rule, with the message in both languages.
pub type Problem = (&'static str, &'static str, &'static str);

/// The most people one session may count (a theme day in a hall, not a festival).
pub const MAX_ATTENDANCE: i64 = 1000;
/// The most minutes of preparation or session one record books (a whole day).
pub const MAX_MINUTES: i64 = 12 * 60;

/// A start and end time (`HH:MM`); the end after the start.
pub fn session_times(starts: &str, ends: &str) -> Result<(NaiveTime, NaiveTime), Problem> {
    let parse = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M");
    let Ok(start) = parse(starts) else {
        return Err((
            "starts_at",
            "Vul een begintijd in als uu:mm.",
            "Enter a start time as hh:mm.",
        ));
    };
    let Ok(end) = parse(ends) else {
        return Err((
            "ends_at",
            "Vul een eindtijd in als uu:mm.",
            "Enter an end time as hh:mm.",
        ));
    };
    if end <= start {
        return Err((
            "ends_at",
            "De eindtijd ligt na de begintijd.",
            "The end time is after the start time.",
        ));
    }
    Ok((start, end))
}

/// The refusal of a count of parents or children out of range (or not a number).
pub fn count_refused(field: &'static str) -> Problem {
    (
        field,
        "Een aantal ligt tussen 0 en 1000.",
        "A number is between 0 and 1000.",
    )
}

/// The refusal of minutes out of range (or not a number).
pub fn minutes_refused(field: &'static str) -> Problem {
    (
        field,
        "Minuten liggen tussen 0 en 720.",
        "Minutes are between 0 and 720.",
    )
}

/// Attendance of a held session: parents and children counted, at least one person.
pub fn attendance(parents: i64, children: i64) -> Result<(), Problem> {
    for (field, n) in [("parents", parents), ("children", children)] {
        if !(0..=MAX_ATTENDANCE).contains(&n) {
            return Err(count_refused(field));
        }
    }
    if parents + children == 0 {
        return Err((
            "parents",
            "Vul in hoeveel ouders of kinderen er waren.",
            "Enter how many parents or children came.",
        ));
    }
    Ok(())
}

/// Hours booked for a session: preparation and the session itself, in minutes.
pub fn booked_minutes(preparation: i64, session: i64) -> Result<(), Problem> {
    for (field, n) in [
        ("preparation_minutes", preparation),
        ("session_minutes", session),
    ] {
        if !(0..=MAX_MINUTES).contains(&n) {
            return Err(minutes_refused(field));
        }
    }
    Ok(())
}

/// Every problem of a session's record at once (attendance and minutes; each field named once).
pub fn session_record(parents: i64, children: i64, preparation: i64, session: i64) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (field, n) in [("parents", parents), ("children", children)] {
        if !(0..=MAX_ATTENDANCE).contains(&n) {
            problems.push(count_refused(field));
        }
    }
    if problems.is_empty()
        && let Err(p) = attendance(parents, children)
    {
        problems.push(p);
    }
    for (field, n) in [
        ("preparation_minutes", preparation),
        ("session_minutes", session),
    ] {
        if !(0..=MAX_MINUTES).contains(&n) {
            problems.push(minutes_refused(field));
        }
    }
    problems
}

/// The letters of a poll code: capitals and digits without the ones read as each other (0/O, 1/I/L, 5/S, 2/Z,
/// 8/B), so a code read from a screen across a hall is typed right.
pub const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";
/// The length of a poll code.
pub const CODE_LENGTH: usize = 6;
/// How long an opened poll takes answers unless the organiser closes it earlier.
pub const POLL_HOURS: i64 = 4;

/// A poll code from random bytes (at least [`CODE_LENGTH`]; each byte picks a letter).
pub fn poll_code(random: &[u8]) -> String {
    random
        .iter()
        .take(CODE_LENGTH)
        .filter_map(|b| {
            CODE_ALPHABET
                .get(usize::from(*b) % CODE_ALPHABET.len())
                .map(|c| char::from(*c))
        })
        .collect()
}

/// A code as typed (lower case, spaces, dashes) in its stored form; `None` when it cannot be a code.
pub fn normalise_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LENGTH && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// Where a poll stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollState {
    /// Made, not yet opened: the organiser can still open it.
    Draft,
    /// Takes answers.
    Open,
    /// Closed by the organiser or expired: paper answers can still be added.
    Closed,
}

impl PollState {
    pub fn code(self) -> &'static str {
        match self {
            PollState::Draft => "draft",
            PollState::Open => "open",
            PollState::Closed => "closed",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            PollState::Draft => lang.pick("nog niet geopend", "not opened yet"),
            PollState::Open => lang.pick("open", "open"),
            PollState::Closed => lang.pick("gesloten", "closed"),
        }
    }
}

/// The state of a poll at `now`: open from the moment it is opened until it is closed or its time is up.
pub fn poll_state(
    opened_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> PollState {
    match (opened_at, closed_at) {
        (None, _) => PollState::Draft,
        (Some(_), Some(_)) => PollState::Closed,
        (Some(opened), None) if now >= opened + Duration::hours(POLL_HOURS) => PollState::Closed,
        (Some(_), None) => PollState::Open,
    }
}

/// The statements of a poll, one per line: 1–20 statements of at most 300 characters.
pub fn statements(text: &str) -> Result<Vec<String>, Problem> {
    let list: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if list.is_empty() {
        return Err((
            "statements",
            "Vul minstens één stelling in (één per regel).",
            "Enter at least one statement (one per line).",
        ));
    }
    if list.len() > 20 || list.iter().any(|s| s.chars().count() > 300) {
        return Err((
            "statements",
            "Ten hoogste 20 stellingen van ten hoogste 300 tekens.",
            "At most 20 statements of at most 300 characters.",
        ));
    }
    Ok(list)
}

/// Answers per Likert option (index 0 is "strongly disagree"): their number and the share of each in whole
/// percents.
pub fn shares(counts: &[i64; 5]) -> (i64, [i64; 5]) {
    let n: i64 = counts.iter().sum();
    let mut out = [0; 5];
    if n > 0 {
        for (o, c) in out.iter_mut().zip(counts) {
            *o = (c * 100 + n / 2) / n;
        }
    }
    (n, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use chrono::TimeZone;

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_read_back() {
        let code = poll_code(&[0, 1, 2, 255, 128, 77, 9]);
        assert_eq!(code.len(), CODE_LENGTH);
        assert_eq!(normalise_code(&code.to_lowercase()), Some(code.clone()));
        assert_eq!(
            normalise_code(&format!("{}-{}", &code[..3], &code[3..])),
            Some(code)
        );
        for ambiguous in ["O", "0", "I", "1", "L", "S", "5", "B", "8", "Z", "2"] {
            assert!(
                !CODE_ALPHABET.contains(&ambiguous.as_bytes()[0]),
                "{ambiguous}"
            );
        }
        assert_eq!(normalise_code("ABC"), None);
        assert_eq!(normalise_code("AAAAA0"), None);
    }

    #[test]
    fn a_poll_is_open_from_opening_until_closed_or_expired() {
        let t = Utc.with_ymd_and_hms(2026, 11, 30, 19, 0, 0).unwrap();
        assert_eq!(poll_state(None, None, t), PollState::Draft);
        assert_eq!(poll_state(Some(t), None, t), PollState::Open);
        assert_eq!(
            poll_state(
                Some(t),
                None,
                t + Duration::hours(POLL_HOURS) - Duration::seconds(1)
            ),
            PollState::Open
        );
        assert_eq!(
            poll_state(Some(t), None, t + Duration::hours(POLL_HOURS)),
            PollState::Closed
        );
        assert_eq!(poll_state(Some(t), Some(t), t), PollState::Closed);
    }

    #[test]
    fn session_facts_are_checked() {
        assert!(session_times("19:30", "21:30").is_ok());
        assert_eq!(
            session_times("21:30", "19:30").map_err(|e| e.0),
            Err("ends_at")
        );
        assert_eq!(
            session_times("half acht", "21:30").map_err(|e| e.0),
            Err("starts_at")
        );
        assert!(attendance(10, 0).is_ok());
        assert_eq!(attendance(0, 0).map_err(|e| e.0), Err("parents"));
        assert_eq!(attendance(-1, 3).map_err(|e| e.0), Err("parents"));
        assert_eq!(attendance(3, 1001).map_err(|e| e.0), Err("children"));
        assert!(booked_minutes(0, 120).is_ok());
        assert!(booked_minutes(721, 0).is_err());
        let all: Vec<_> = session_record(-1, 1001, 721, 0)
            .iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(all, ["parents", "children", "preparation_minutes"]);
        assert_eq!(session_record(0, 0, 0, 0).len(), 1);
    }

    #[test]
    fn statements_one_per_line() {
        assert_eq!(
            statements("Preventie is vroegsignalering\n\n  Ouders weten de weg \n").unwrap(),
            vec!["Preventie is vroegsignalering", "Ouders weten de weg"]
        );
        assert!(statements(" \n ").is_err());
        assert!(statements(&"x\n".repeat(21)).is_err());
    }

    #[test]
    fn shares_round_to_whole_percents() {
        assert_eq!(shares(&[0; 5]), (0, [0; 5]));
        assert_eq!(shares(&[1, 1, 1, 0, 0]), (3, [33, 33, 33, 0, 0]));
        assert_eq!(shares(&[0, 0, 0, 46, 46]), (92, [0, 0, 0, 50, 50]));
    }

    #[test]
    fn default_kinds_are_the_coded_list() {
        assert_eq!(DEFAULT_KINDS.len(), GroupActivityKind::ALL.len());
        for ((code, nl), k) in DEFAULT_KINDS.iter().zip(GroupActivityKind::ALL) {
            assert_eq!((*code, *nl), (k.code(), k.label(Lang::Nl)));
        }
    }

    #[test]
    fn a_kind_as_typed() {
        assert_eq!(
            parse_kind(" Weerbaarheidstraining ", "Resilience training"),
            Ok((
                "weerbaarheidstraining".into(),
                "Weerbaarheidstraining".into(),
                "Resilience training".into()
            ))
        );
        let wrong = parse_kind("  ", &"x".repeat(81)).expect_err("two wrong fields");
        let fields: Vec<&str> = wrong.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["label", "label_en"]);
        assert_eq!(kind_label("x", "Eigen", "Own", Lang::En), "Own");
        assert_eq!(kind_label("x", "Eigen", "", Lang::En), "Eigen");
        assert_eq!(
            kind_label("opvoedcursus", "opvoedcursus", "", Lang::En),
            "parenting course"
        );
        assert_eq!(kind_label("x", "Eigen", "Own", Lang::Nl), "Eigen");
    }

    #[test]
    fn labels_in_both_languages() {
        assert_eq!(Likert::from_score(5), Some(Likert::StronglyAgree));
        assert_eq!(Likert::StronglyAgree.label(Lang::Nl), "helemaal eens");
        assert_eq!(Likert::from_score(0), None);
        assert_eq!(
            GroupActivityKind::parse("oudergespreksgroep").map(|k| k.label(Lang::En)),
            Some("parent discussion group")
        );
    }
}
