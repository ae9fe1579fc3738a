package chaos

import "testing"

func TestEventInput(t *testing.T) {
	c, err := EventInput([]byte(`{"id":"x","data":{"input":{"topic":"t.tickets","partition":3,"offset":0,"key":"k","id":"T-1"}}}`))
	if err != nil || c != (Coord{"t.tickets", 3, 0}) {
		t.Fatalf("EventInput = %v, %v", c, err)
	}
	for _, bad := range []string{`not json`, `{"data":{}}`, `{"data":{"input":{"topic":"t","partition":1}}}`} {
		if _, err := EventInput([]byte(bad)); err == nil {
			t.Errorf("EventInput(%s): want an error", bad)
		}
	}
}

func TestDeadLetterSource(t *testing.T) {
	c, err := DeadLetterSource([]byte(`{"reason":"invalid_json","source":{"topic":"t.emails","partition":2,"offset":41}}`), nil)
	if err != nil || c != (Coord{"t.emails", 2, 41}) {
		t.Fatalf("from envelope: %v, %v", c, err)
	}
	c, err = DeadLetterSource([]byte("cut off {"), []byte("a/b.emails/5/7"))
	if err != nil || c != (Coord{"a/b.emails", 5, 7}) {
		t.Fatalf("from header: %v, %v", c, err)
	}
	for _, h := range []string{"", "t/1", "t/x/2", "/1/2"} {
		if _, err := DeadLetterSource(nil, []byte(h)); err == nil {
			t.Errorf("header %q: want an error", h)
		}
	}
	if _, err := DeadLetterSource([]byte(`{}`), nil); err == nil {
		t.Error("no source, no header: want an error")
	}
}
