package decode

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
)

func TestMsgIDs(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want []string
	}{
		{"", 5, nil},
		{"<a@x> <b@x>\r\n <c@x>", 5, []string{"<a@x>", "<b@x>", "<c@x>"}},
		{"<a@x><b@x>", 5, []string{"<a@x>"}}, // glued ids: the first of the word
		{"(comment) <a@x>", 5, []string{"(comment)", "<a@x>"}},
		{"a@x b@x", 5, []string{"a@x", "b@x"}},
		{"<a@x> <b@x> <c@x>", 2, []string{"<b@x>", "<c@x>"}},
		{"<" + strings.Repeat("a", 1000) + "> <ok@x>", 5, []string{"<ok@x>"}},
		{"<a\xff@x> <ok@x>", 5, []string{"<ok@x>"}},
	}
	for _, tt := range tests {
		if got := msgIDs(tt.in, tt.max); !slices.Equal(got, tt.want) {
			t.Errorf("msgIDs(%.40q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

// TestDecodeThread: JSON thread fields win over the raw_mime headers, which
// fill in when the JSON has none; every email gets its IDKey.
func TestDecodeThread(t *testing.T) {
	raw := base64.StdEncoding.EncodeToString([]byte("In-Reply-To: <m0@x>\r\nReferences: <r0@x> <m0@x>\r\n\r\nhi\r\n"))
	tests := []struct {
		name      string
		over      map[string]any
		inReplyTo string
		refs      []string
	}{
		{"none", nil, "", nil},
		{"json", map[string]any{"in_reply_to": "<j0@x>", "references": []string{"<j1@x>", "<j0@x>"}}, "<j0@x>", []string{"<j1@x>", "<j0@x>"}},
		{"mime", map[string]any{"text": nil, "raw_mime": raw}, "<m0@x>", []string{"<r0@x>", "<m0@x>"}},
		{"json wins", map[string]any{"text": nil, "raw_mime": raw, "in_reply_to": "<j0@x>"}, "<j0@x>", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := testDecoder(t, 1<<20).Decode(processors.KindEmail, email(tt.over))
			if err != nil {
				t.Fatal(err)
			}
			th := in.Thread
			if th == nil || th.MessageID != "<m1@example.com>" || th.InReplyTo != tt.inReplyTo || !slices.Equal(th.References, tt.refs) {
				t.Errorf("thread %+v, want in_reply_to %q references %q", th, tt.inReplyTo, tt.refs)
			}
			if in.IDKey != "msgid:<m1@example.com>" || in.Cleaning == nil {
				t.Errorf("IDKey %q, Cleaning %v", in.IDKey, in.Cleaning)
			}
		})
	}
	for _, bad := range []map[string]any{{"in_reply_to": ""}, {"references": []string{""}}, {"references": "<a@x>"}} {
		if _, err := testDecoder(t, 1<<20).Decode(processors.KindEmail, email(bad)); err == nil {
			t.Errorf("%v: want a schema violation", bad)
		}
	}
}
