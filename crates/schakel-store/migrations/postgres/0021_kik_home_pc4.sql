-- Kind in Kaart's profile keeps where the child lives as the four digits of the postcode (PC4), not as
-- coordinates (issue 11; ADR 030: data minimisation). Coordinates recorded before are dropped, not converted:
-- a profile without a PC4 measures from the child's school.
ALTER TABLE kik_profiles ADD COLUMN home_pc4 BIGINT;
ALTER TABLE kik_profiles DROP COLUMN home_latitude;
ALTER TABLE kik_profiles DROP COLUMN home_longitude;
