package decode

import (
	"testing"

	"github.com/triage/triage/processors"
)

// TestPathOf: a member's path is its object's path and its name, whether
// made once (at) for where the object always is, or per read elsewhere.
func TestPathOf(t *testing.T) {
	fs := at("customer", []field[processors.Customer]{{name: "id"}, {name: "email"}})
	for _, c := range []struct{ parent, want string }{
		{"customer", "customer/email"}, {"", "email"}, {"other", "other/email"}, {"customerx", "customerx/email"}, {"custome", "custome/email"},
	} {
		if got := pathOf(c.parent, &fs[1]); got != c.want {
			t.Errorf("pathOf(%q, email) = %q, want %q", c.parent, got, c.want)
		}
	}
	if p := pathOf("customer", &fs[0]); p != fs[0].path {
		t.Error("the path made once was not used")
	}
}
