//! Texts of appointments and walk-in slots (ADR 025).

texts! {
    "nav.appointments" => "Afspraken", "Appointments";
    "appointments.title" => "Afspraken en inloopspreekuur", "Appointments and walk-in slots";
    "appointments.lead" => "Boek een tijdvak van het inloopspreekuur of een afspraak op een moment dat de schoolmaatschappelijk werker op school is, voor een ouder of een leerling. Een tijdvak wordt één keer geboekt. In de schoolvakanties is er geen inloopspreekuur.", "Book a slot of the walk-in hour, or an appointment at a time the school social worker is at school, for a parent or a pupil. A slot is booked once. There are no walk-in hours in the school holidays.";
    "appointments.walk_in" => "Inloopspreekuur", "Walk-in hour";
    "appointments.walk_in_of" => "Inloopspreekuur van", "Walk-in hour of";
    "appointments.walk_in_hour" => "Inloopspreekuur (voor een tijdvak)", "Walk-in hour (for a slot)";
    "appointments.walk_in_hint" => "Alleen bij een tijdvak van het inloopspreekuur; kies het tijdvak hierboven.", "Only for a walk-in slot; choose the slot above.";
    "appointments.no_walk_in" => "Geen (losse afspraak)", "None (separate appointment)";
    "appointments.free_or_taken" => "Vrij of bezet", "Free or taken";
    "appointments.taken" => "Bezet", "Taken";
    "appointments.book_this" => "Boek", "Book";
    "appointments.book" => "Afspraak boeken", "Book an appointment";
    "appointments.booked" => "De afspraak is geboekt.", "The appointment is booked.";
    "appointments.download" => "Uitnodiging downloaden (.ics)", "Download the invitation (.ics)";
    "appointments.list" => "Afspraken", "Appointments";
    "appointments.kind" => "Soort", "Kind";
    "appointments.for" => "Voor", "For";
    "appointments.for_name" => "Naam van de ouder of leerling", "Name of the parent or pupil";
    "appointments.for_kind" => "Voor wie", "For whom";
    "appointments.purpose" => "Doel in een paar woorden", "Purpose in a few words";
    "appointments.purpose_hint" => "Geen inhoud uit een dossier; de uitnodiging noemt het doel niet.", "No content of a case file; the invitation does not name the purpose.";
    "appointments.ends_hint" => "Alleen bij een losse afspraak; een tijdvak duurt 15 minuten.", "Only for a separate appointment; a slot lasts 15 minutes.";
    "appointments.status" => "Status", "Status";
    "appointments.invitation" => "Uitnodiging", "Invitation";
    "appointments.ics" => "Uitnodiging (.ics) voor", "Invitation (.ics) for";
    "appointments.cancel" => "Annuleren", "Cancel";
    "appointments.came" => "Verschenen", "Attended";
    "appointments.not_shown" => "Niet verschenen", "Not shown";
    "appointments.home" => "Afspraken en inloop de komende dagen", "Appointments and walk-in slots in the coming days";
    "appointments.home_link" => "Alle afspraken", "All appointments";
}
