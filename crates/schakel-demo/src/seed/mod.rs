//! What happens in a loaded world: casework and the social map with Kind in Kaart.

pub mod appointments;
pub mod care;
pub mod casework;
pub mod group;
pub mod presence;
pub mod school_time;
pub mod social_map;
