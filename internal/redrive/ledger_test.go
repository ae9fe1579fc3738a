package redrive

import (
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"
)

// The latest entry of a key wins and a tombstone removes it, as after
// compaction.
func TestLedgerApply(t *testing.T) {
	l := &ledger{topic: "led", done: map[Coord]bool{}, open: map[string]openEntry{}}
	e := openEntry{Run: "r1", Topic: "tickets", Ends: map[int]int64{0: 4}}
	for _, m := range []kafka.Message{
		{Key: []byte("done/dlq/0/1"), Value: []byte(`{}`)},
		{Key: []byte("done/dlq/0/2"), Value: []byte(`{}`)},
		{Key: []byte("done/dlq/0/2")},
		{Key: []byte(e.key()), Value: []byte(`{"run":"r1","topic":"tickets","ends":{"0":4}}`)},
		{Key: []byte("open/r0/tickets"), Value: []byte(`{"run":"r0","topic":"tickets"}`)},
		{Key: []byte("open/r0/tickets")},
	} {
		if err := l.apply(m); err != nil {
			t.Fatal(err)
		}
	}
	if !l.isDone(Coord{"dlq", 0, 1}) || l.isDone(Coord{"dlq", 0, 2}) {
		t.Errorf("done %v, want only dlq/0/1", l.done)
	}
	if o := l.opens(); len(o) != 1 || o[0].Run != "r1" || o[0].Ends[0] != 4 {
		t.Errorf("open %v, want r1's with end 4", o)
	}
	for _, bad := range []kafka.Message{{Key: []byte("done/x"), Value: []byte(`{}`)}, {Key: []byte("other"), Value: []byte(`{}`)}, {Key: []byte("open/r/t"), Value: []byte(`{`)}} {
		if err := l.apply(bad); err == nil || !strings.Contains(err.Error(), "ledger") {
			t.Errorf("%q: %v, want an error naming the ledger", bad.Key, err)
		}
	}
}
