package redrive

import (
	"slices"
	"strings"
	"testing"

	"github.com/triage/triage/internal/failure"
)

func TestParseReasons(t *testing.T) {
	got, err := ParseReasons([]string{"invalid_json, schema_violation", "invalid_json", "publish_refused"})
	want := []failure.Reason{failure.InvalidJSON, failure.SchemaViolation, failure.PublishRefusal}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ParseReasons = %v, %v; want %v", got, err, want)
	}
	if _, err := ParseReasons([]string{"invalid_json,nope"}); err == nil || !strings.Contains(err.Error(), `unknown reason "nope"`) {
		t.Errorf("unknown reason: %v", err)
	}
	if err := (Selector{}).Check(); err == nil || !strings.Contains(err.Error(), "--all") {
		t.Errorf("empty selector: %v", err)
	}
}

func TestSelectorPicks(t *testing.T) {
	l := func(r failure.Reason, topic string) Letter { return Letter{Reason: r, Source: Coord{Topic: topic}} }
	for _, tc := range []struct {
		s      Selector
		l      Letter
		picked bool
		skip   string
	}{
		{Selector{Reasons: []failure.Reason{failure.InvalidJSON}}, l(failure.InvalidJSON, "t"), true, ""},
		{Selector{Reasons: []failure.Reason{failure.InvalidJSON}}, l(failure.SchemaViolation, "t"), false, ""},
		{Selector{Reasons: []failure.Reason{failure.InvalidJSON}, Topic: "u"}, l(failure.InvalidJSON, "t"), false, ""},
		{Selector{Reasons: []failure.Reason{failure.PublishRefusal}}, l(failure.PublishRefusal, "t"), true, ""},
		{Selector{All: true}, l(failure.Panic, "t"), true, ""},
		{Selector{All: true}, l(failure.PublishRefusal, "t"), true, SkipPublishRefused},
		{Selector{All: true}, l("canceled", "t"), true, SkipUnknownReason},
		{Selector{All: true, Topic: "t"}, l(failure.Panic, "u"), false, ""},
	} {
		if picked, skip := tc.s.picks(tc.l); picked != tc.picked || skip != tc.skip {
			t.Errorf("%+v picks %s from %s = %v %q, want %v %q", tc.s, tc.l.Reason, tc.l.Source.Topic, picked, skip, tc.picked, tc.skip)
		}
	}
}
