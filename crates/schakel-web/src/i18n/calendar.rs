//! Texts of the iCalendar feed and the appointment invitation (ADR 021, 025), in the language of the user the
//! feed or invitation is for; school and place names are filled in as they are.

texts! {
    "calendar.name" => "Schakel – wie is er wanneer", "Schakel – who is where when";
    "calendar.presence" => "{kind} {school}: {who}", "{kind} {school}: {who}";
    "calendar.covering" => "{who} (vervangt {absent})", "{who} (covering for {absent})";
    "calendar.moved" => "Verplaatst", "Moved";
    "calendar.holiday" => "{name} (regio {region})", "{name} (region {region})";
    "calendar.cover" => "Vervanging {school}: {who}", "Cover {school}: {who}";
    "calendar.cover_for" => "Vervanging {school}: {who} voor {absent}", "Cover {school}: {who} for {absent}";
    "calendar.appointment" => "Afspraak", "Appointment";
    "calendar.appointment_summary" => "{kind} schoolmaatschappelijk werk – {school}", "{kind} school social work – {school}";
    "calendar.appointment_description" => "Met {worker} (schoolmaatschappelijk werk) voor {for} ({for_kind}).", "With {worker} (school social work) for {for} ({for_kind}).";
}
