package decode

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// longStrings are tickets whose strings are long runs of plain bytes
// broken, anywhere in an eight-byte word, by escapes, quotes, control
// characters and multi-byte runes, some cut short: the scanner's
// word-at-a-time skipping (plain, literalEnd) must stop where a byte-by-
// byte reading does (TestTypedMatchesSchema compares them with
// encoding/json).
func longStrings(n int) [][]byte {
	pieces := []string{"a", "bc", "defghij", "klmnopqrstu", " ", "  ", `\n`, `\"`, `\\`, `\/`, `\u00e9`, `\ud83d\ude00`, `\ud800`, `\t`,
		"é", "€", "\U0001F600", "\x01", "\x1f", "\x7f", `\x`, `\u12`, `"`, "\\"}
	r := rand.New(rand.NewPCG(5, 8))
	var out [][]byte
	for range n {
		var b strings.Builder
		for range r.IntN(80) {
			p := pieces[r.IntN(len(pieces))]
			if r.IntN(3) > 0 {
				p = pieces[r.IntN(4)] // mostly plain text
			}
			b.WriteString(p)
		}
		v := fmt.Appendf(nil, `{"ticket_id":"T-1","subject":"%s","body":"%s","channel":"web","customer":{"id":"c"},"created_at":"2026-11-27T10:00:00Z"}`,
			b.String()[:b.Len()/3], b.String())
		if r.IntN(8) == 0 {
			v = v[:r.IntN(len(v))]
		}
		out = append(out, v)
	}
	return out
}

func TestLongStringsAccepted(t *testing.T) {
	d := &Decoder{MaxBytes: 1 << 20}
	ok := 0
	for _, v := range longStrings(3000) {
		if _, err := d.Decode("ticket", v); err == nil {
			ok++
		}
	}
	if ok < 300 || ok > 2700 {
		t.Fatalf("%d of 3000 generated tickets accepted: the set tests too little", ok)
	}
}
