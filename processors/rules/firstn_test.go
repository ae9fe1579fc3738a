package rules

import (
	"strings"
	"testing"
)

// hasFirst is the allocation-free form of the check it replaced:
// strings.Contains(strings.ToLower(l), "first").
func TestHasFirstIsLoweredContains(t *testing.T) {
	for _, l := range []string{"", "first", "Please process the First two", "FIRST THREE", "fIrSt", "firs", "fir st",
		"ﬁrst", "FİRST", "thirst", "the first", "ﬁ", "firſt", "Fírst"} {
		if got, want := hasFirst(l), strings.Contains(strings.ToLower(l), "first"); got != want {
			t.Errorf("hasFirst(%q) = %v, want %v", l, got, want)
		}
	}
}
