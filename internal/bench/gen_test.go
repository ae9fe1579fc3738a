package bench

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestGenSizesIdsKeysAndMix(t *testing.T) {
	sizes, _ := ParseSizes("400:50,4096:40,65536:10")
	mix, _ := ParseMix("60:35:5")
	g, err := NewGen(sizes, mix, 50, "t1", 7)
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000
	ids, keys := map[string]bool{}, map[string]bool{}
	bad, emails := 0, 0
	for i := range n {
		r := g.Next(i)
		keys[string(r.Key)] = true
		if r.Bad {
			bad++
			continue
		}
		if len(r.Value) > 65536 {
			t.Fatalf("record %d: %d bytes, above every size", i, len(r.Value))
		}
		var v map[string]any
		if err := json.Unmarshal(r.Value, &v); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		id, _ := v["ticket_id"].(string)
		if r.Topic == "emails" {
			emails++
			id, _ = v["message_id"].(string)
			if v["from"] != string(r.Key) {
				t.Fatalf("email %d from %v, key %s", i, v["from"], r.Key)
			}
		} else if v["customer"].(map[string]any)["id"] != string(r.Key) {
			t.Fatalf("ticket %d customer %v, key %s", i, v["customer"], r.Key)
		}
		if id == "" || ids[id] {
			t.Fatalf("record %d: id %q empty or repeated", i, id)
		}
		ids[id] = true
		if want := []int{400, 4096, 65536}; !bytes.Contains(r.Value, []byte(" ")) || !near(len(r.Value), want) {
			t.Fatalf("record %d: %d bytes, want about one of %v", i, len(r.Value), want)
		}
	}
	if bad < n*3/100 || bad > n*7/100 || emails < n*30/100 || emails > n*40/100 {
		t.Errorf("%d bad and %d emails of %d, want about 5%% and 35%%", bad, emails, n)
	}
	if len(keys) > 2*50 { // 50 customers, 50 senders at most
		t.Errorf("%d distinct keys, want at most 100", len(keys))
	}
	again, _ := NewGen(sizes, mix, 50, "t1", 7)
	if a, b := again.Next(0), mustGen(t, sizes, mix).Next(0); !bytes.Equal(a.Value, b.Value) {
		t.Error("the same seed gave different records")
	}
}

func mustGen(t *testing.T, s Sizes, m Mix) *Gen {
	g, err := NewGen(s, m, 50, "t1", 7)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// near reports whether n is within 1% below one of sizes, or the
// template alone (a few hundred bytes) for the smallest.
func near(n int, sizes []int) bool {
	for _, s := range sizes {
		if n <= s && n >= s-s/100-8 {
			return true
		}
	}
	return n <= 1600 // a template longer than the smallest size is kept whole
}
