package config

import "fmt"

// validateReview checks the review.* settings and, with review.enabled,
// that its two topics are named.
func (c Config) validateReview() []error {
	var errs []error
	r := c.Review
	for _, p := range []struct {
		key string
		v   float64
	}{{"review.route_min_confidence", r.RouteMinConfidence}, {"review.extract_min_confidence", r.ExtractMinConfidence}} {
		if p.v < 0 || p.v > 1 {
			errs = append(errs, fmt.Errorf("%s: must be within 0..1, got %g", p.key, p.v))
		}
	}
	if !r.Enabled {
		return errs
	}
	if c.Topics.Review == "" {
		errs = append(errs, fmt.Errorf("topics.review: required when review.enabled is true"))
	}
	if c.Topics.Corrections == "" {
		errs = append(errs, fmt.Errorf("topics.corrections: required when review.enabled is true"))
	}
	return errs
}
