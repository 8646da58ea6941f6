//! The difference-in-differences estimate of an arrangement's effect (placeholder until the estimate lands).
