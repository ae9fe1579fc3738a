package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// "triage review" needs "serve" and a valid configuration; a usage or
// configuration error exits 2 and says why.
func TestReviewServeUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"review"}, "usage: triage review serve"},
		{[]string{"review", "list"}, "usage: triage review serve"},
		{[]string{"review", "serve", "--review.route_min_confidence", "2"}, "review.route_min_confidence"},
	} {
		var stdout, stderr bytes.Buffer
		if code := dispatch(context.Background(), tt.args, &stdout, &stderr, env(map[string]string{"TRIAGE_KAFKA_BROKERS": "127.0.0.1:1"})); code != 2 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr.String(), tt.want)
		}
	}
}
