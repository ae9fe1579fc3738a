package decode

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode/clean"
	"github.com/triage/triage/schemas"
)

var loadSchemas = sync.OnceValues(schemas.Load)

func testDecoder(t testing.TB, maxBytes int) *Decoder {
	return &Decoder{MaxBytes: maxBytes}
}

func testSchemas(t testing.TB) *schemas.Set {
	t.Helper()
	s, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// object marshals base with over applied; a nil value in over deletes a key.
func object(base, over map[string]any) []byte {
	m := map[string]any{}
	for k, v := range base {
		m[k] = v
	}
	for k, v := range over {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

func email(over map[string]any) []byte {
	return object(map[string]any{
		"message_id": "<m1@example.com>", "from": "Maria <maria@example.com>",
		"to": []string{"orders@shop.example"}, "subject": "Order",
		"text": "2 x HB-1KG", "received_at": "2026-11-27T09:15:42Z",
	}, over)
}

func ticket(over map[string]any) []byte {
	return object(map[string]any{
		"ticket_id": "TCK-1", "subject": "Refund", "body": "Where is my refund?",
		"channel": "web", "customer": map[string]any{"id": "cus_1"},
		"created_at": "2026-11-28T10:00:00Z",
	}, over)
}

// mimeEmail is an email whose body is the base64 of testdata file name.
func mimeEmail(t testing.TB, name string, over map[string]any) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "decode", name))
	if err != nil {
		t.Fatal(err)
	}
	o := map[string]any{"text": nil, "raw_mime": base64.StdEncoding.EncodeToString(raw)}
	for k, v := range over {
		o[k] = v
	}
	return email(o)
}

// decodeErrorCase is a value Decode must dead-letter, its reason and a
// piece of its message.
type decodeErrorCase struct {
	name    string
	kind    processors.Kind
	value   []byte
	max     int
	want    failure.Reason
	wantMsg string
}

func decodeErrorCases(t testing.TB) []decodeErrorCase {
	return []decodeErrorCase{
		{"too large", processors.KindTicket, ticket(nil), 20, failure.TooLarge, "over the limit of 20"},
		{"too large before utf8", processors.KindEmail, []byte("\xff\xff\xff"), 2, failure.TooLarge, "3 bytes"},
		{"empty", processors.KindEmail, nil, 0, failure.InvalidJSON, "empty value"},
		{"whitespace only", processors.KindEmail, []byte(" \n "), 0, failure.InvalidJSON, "only whitespace"},
		{"not utf8", processors.KindEmail, []byte(`{"text":"caf` + "\xe9" + `"}`), 0, failure.NotUTF8, "byte offset 12"},
		{"not utf8 beats bad json", processors.KindTicket, []byte("\xc3("), 0, failure.NotUTF8, "byte offset 0"},
		{"truncated", processors.KindTicket, []byte(`{"ticket_id":"T`), 0, failure.InvalidJSON, "byte offset 15: unexpected end"},
		{"syntax error", processors.KindTicket, []byte(`{"a":1,}`), 0, failure.InvalidJSON, "byte offset 7"},
		{"not json", processors.KindEmail, []byte(`hello`), 0, failure.InvalidJSON, "byte offset 0"},
		{"trailing garbage", processors.KindTicket, append(ticket(nil), " \n x"...), 0, failure.InvalidJSON, "data after the top-level value"},
		{"two values", processors.KindEmail, []byte(`{} {}`), 0, failure.InvalidJSON, "byte offset 3"},
		{"array", processors.KindEmail, []byte(`[]`), 0, failure.SchemaViolation, "want object"},
		{"string", processors.KindTicket, []byte(`"x"`), 0, failure.SchemaViolation, "want object"},
		{"null", processors.KindTicket, []byte(`null`), 0, failure.SchemaViolation, "want object"},
		{"ticket missing customer", processors.KindTicket, ticket(map[string]any{"customer": nil}), 0, failure.SchemaViolation, "customer"},
		{"ticket id is a number", processors.KindTicket, ticket(map[string]any{"ticket_id": 10262}), 0, failure.SchemaViolation, "/ticket_id"},
		{"email without body", processors.KindEmail, email(map[string]any{"text": nil}), 0, failure.SchemaViolation, "text"},
		{"email extra field", processors.KindEmail, email(map[string]any{"cc": "x"}), 0, failure.SchemaViolation, "cc"},
		{"email bad date", processors.KindEmail, email(map[string]any{"received_at": "yesterday"}), 0, failure.SchemaViolation, "received_at"},
		{"date Go cannot parse", processors.KindEmail, email(map[string]any{"received_at": "2026-11-27T23:59:60Z"}), 0, failure.SchemaViolation, "second out of range"},
		{"ticket as email", processors.KindEmail, ticket(nil), 0, failure.SchemaViolation, "email.v1.json"},
		{"raw_mime outside alphabet", processors.KindEmail, email(map[string]any{"text": nil, "raw_mime": "not base64!"}), 0, failure.SchemaViolation, "raw_mime"},
		{"raw_mime bad length", processors.KindEmail, email(map[string]any{"text": nil, "raw_mime": "QUJDRA=Q"}), 0, failure.MalformedMIME, "base64"},
		{"raw_mime not a message", processors.KindEmail, email(map[string]any{"text": nil,
			"raw_mime": base64.StdEncoding.EncodeToString([]byte("no header here\n\nbody"))}), 0, failure.MalformedMIME, "header"},
		{"raw_mime bad part", processors.KindEmail, mimeEmail(t, "bad_base64_part.eml", nil), 0, failure.MalformedMIME, "raw_mime: base64 body"},
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range decodeErrorCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			in, err := testDecoder(t, tt.max).Decode(tt.kind, tt.value)
			if got := failure.Classify(err); got != tt.want {
				t.Fatalf("reason %q, want %q (err %v)", got, tt.want, err)
			}
			var ie *failure.InputError
			if !errors.As(err, &ie) {
				t.Errorf("%v is not a failure.InputError", err)
			}
			prefix := "decode: " + string(tt.kind) + ": "
			if msg := ie.Err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message %q, want prefix %q and %q in it", msg, prefix, tt.wantMsg)
			}
			if in != (processors.Input{}) {
				t.Errorf("Input %+v on error, want zero", in)
			}
		})
	}
}

func TestDecodeProgrammerErrors(t *testing.T) {
	tests := []struct {
		name string
		d    *Decoder
		kind processors.Kind
	}{
		{"unknown kind", testDecoder(t, 0), processors.Kind("invoice")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.d.Decode(tt.kind, ticket(nil))
			var ie *failure.InputError
			if err == nil || errors.As(err, &ie) {
				t.Fatalf("got %v, want a non-input error", err)
			}
			if got := failure.Classify(err); got != failure.ProcessorError {
				t.Errorf("reason %q, want %q", got, failure.ProcessorError)
			}
		})
	}
}

func TestDecodeValid(t *testing.T) {
	const table = `<table><tr><th>SKU</th><th>Qty</th></tr><tr><td>HB-1KG</td><td>2</td></tr></table>`
	raw := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name              string
		kind              processors.Kind
		value             []byte
		id, subject, body string
	}{
		{"ticket", processors.KindTicket, ticket(nil), "TCK-1", "Refund", "Where is my refund?"},
		{"email text", processors.KindEmail, email(nil), "<m1@example.com>", "Order", "2 x HB-1KG"},
		{"text wins over html", processors.KindEmail, email(map[string]any{"html": "<p>other</p>"}), "<m1@example.com>", "Order", "2 x HB-1KG"},
		{"html only", processors.KindEmail, email(map[string]any{"text": nil, "html": "<p>Hi</p>" + table}),
			"<m1@example.com>", "Order", "Hi\n\nSKU | Qty\nHB-1KG | 2"},
		{"blank text falls back to html", processors.KindEmail, email(map[string]any{"text": " \n", "html": "<b>Hi</b>"}),
			"<m1@example.com>", "Order", "Hi"},
		{"blank text and html fall back to raw_mime", processors.KindEmail,
			email(map[string]any{"text": " ", "html": "<br>", "raw_mime": raw("Subject: S\n\nmime body\n")}),
			"<m1@example.com>", "Order", "mime body"},
		{"raw_mime plain", processors.KindEmail, mimeEmail(t, "plain.eml", nil), "<m1@example.com>", "Order",
			"Hi there,\n\nPlease send two cases of the Arabica House Blend (HB-1KG).\n\nThanks,\nMaria"},
		{"raw_mime alternative, quoted-printable latin-1", processors.KindEmail, mimeEmail(t, "alternative_qp_latin1.eml", nil),
			"<m1@example.com>", "Order",
			"Bonjour,\n\nNous voudrions commander 3 cafés moulus (CAF-1KG) à 12,50 € et un détartrant.\n\nMerci, Renée"},
		{"raw_mime html only", processors.KindEmail, mimeEmail(t, "html_only.eml", nil), "<m1@example.com>", "Order",
			"Good morning,\n\nSKU | Item | Qty\nFLR-T55-25 | Bread flour T55, 25 kg sack | 6\n" +
				"YST-DRY-500 | Instant dry yeast 500 g | 10\n\nKind regards,\nAiko"},
		{"raw_mime attachment ignored", processors.KindEmail, mimeEmail(t, "attachment.eml", nil), "<m1@example.com>", "Order",
			"Please ship the order in the attached PO.\n12 x HB-1KG"},
		{"raw_mime subject used when JSON subject empty", processors.KindEmail,
			mimeEmail(t, "rfc2047_subject.eml", map[string]any{"subject": ""}),
			"<m1@example.com>", "Bestellung: Müsli für nächste Woche € 20", "5 x Müsli (MUE-500)"},
		{"raw_mime with line breaks, unpadded", processors.KindEmail,
			email(map[string]any{"text": nil, "raw_mime": "U3ViamVjdDogUwoKaGk\r\ngdGhlcmUK"}),
			"<m1@example.com>", "Order", "hi there"},
		{"empty raw_mime gives empty body", processors.KindEmail, email(map[string]any{"text": nil, "raw_mime": ""}),
			"<m1@example.com>", "Order", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := testDecoder(t, 1<<20).Decode(tt.kind, tt.value)
			if err != nil {
				t.Fatal(err)
			}
			if in.Kind != tt.kind || in.ID != tt.id || in.Subject != tt.subject || in.RawBody != tt.body {
				t.Errorf("got kind %q id %q subject %q raw body\n%q\nwant kind %q id %q subject %q raw body\n%q",
					in.Kind, in.ID, in.Subject, in.RawBody, tt.kind, tt.id, tt.subject, tt.body)
			}
			want := clean.Normalize(in.RawBody)
			if tt.kind == processors.KindEmail {
				want = clean.Clean(in.RawBody).New
			}
			if in.Body != want {
				t.Errorf("Body %q, want the cleaned raw body %q", in.Body, want)
			}
			if (in.Email != nil) != (tt.kind == processors.KindEmail) || (in.Ticket != nil) != (tt.kind == processors.KindTicket) {
				t.Errorf("Email %v, Ticket %v for kind %q", in.Email, in.Ticket, tt.kind)
			}
		})
	}
}

// TestDecodeDemoSamples decodes the demo's sample records: every email and
// ticket must decode, every bad record must give its recorded reason.
func TestDecodeDemoSamples(t *testing.T) {
	kinds := map[string]processors.Kind{"emails": processors.KindEmail, "tickets": processors.KindTicket}
	for file, kind := range kinds {
		for i, line := range readLines(t, "../../internal/demo/samples/"+file+".jsonl") {
			if _, err := testDecoder(t, 1<<20).Decode(kind, []byte(line)); err != nil {
				t.Errorf("%s line %d: %v", file, i+1, err)
			}
		}
	}
	for i, line := range readLines(t, "../../internal/demo/samples/bad.jsonl") {
		var rec struct {
			Topic  string         `json:"topic"`
			Reason failure.Reason `json:"reason"`
			Value  []byte         `json:"value_b64"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("bad.jsonl line %d: %v", i+1, err)
		}
		kind, ok := kinds[rec.Topic]
		if !ok {
			continue // not a decoding failure
		}
		_, err := testDecoder(t, 1<<20).Decode(kind, rec.Value)
		if got := failure.Classify(err); got != rec.Reason {
			t.Errorf("bad.jsonl line %d: reason %q, want %q (%v)", i+1, got, rec.Reason, err)
		}
	}
}

func readLines(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("samples: %v", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			lines = append(lines, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func FuzzDecode(f *testing.F) {
	for _, v := range [][]byte{
		email(nil), ticket(nil), email(map[string]any{"text": nil, "html": "<p>a</p><table><tr><td>b"}),
		[]byte(`{"a":1,}`), []byte(`[]`), []byte("\xff"), nil,
		email(map[string]any{"text": nil, "raw_mime": "QUJDRA=Q"}),
	} {
		f.Add(v)
	}
	names, _ := filepath.Glob(filepath.Join("testdata", "decode", "*.eml"))
	for _, n := range names {
		f.Add(mimeEmail(f, filepath.Base(n), nil))
	}
	corpus, _ := filepath.Glob(filepath.Join("testdata", "clean", "*.eml"))
	for _, n := range corpus {
		if raw, err := os.ReadFile(n); err == nil {
			f.Add(email(map[string]any{"text": nil, "raw_mime": base64.StdEncoding.EncodeToString(raw),
				"in_reply_to": "<a@x>", "references": []string{"<b@x>"}}))
		}
	}
	d := testDecoder(f, 1<<16)
	f.Fuzz(func(t *testing.T, value []byte) {
		for _, kind := range []processors.Kind{processors.KindEmail, processors.KindTicket} {
			in, err := d.Decode(kind, value)
			if err != nil {
				var ie *failure.InputError
				if !errors.As(err, &ie) || !slices.Contains(failure.Reasons, ie.Reason) {
					t.Fatalf("%s: error %v is not an input error with a dead-letter reason", kind, err)
				}
				continue
			}
			if in.Kind != kind || (in.Email == nil) == (in.Ticket == nil) {
				t.Fatalf("%s: inconsistent Input %+v", kind, in)
			}
			if !utf8.ValidString(in.Body) || !utf8.ValidString(in.Subject) {
				t.Fatalf("%s: subject %q or body %q not UTF-8", kind, in.Subject, in.Body)
			}
			if clean.Normalize(in.Body) != in.Body {
				t.Fatalf("%s: body %q not normalised", kind, in.Body)
			}
			if kind == processors.KindEmail && (in.Cleaning == nil || in.Thread == nil || in.IDKey == "" ||
				in.Cleaning.CleanedChars != utf8.RuneCountInString(in.Body)) {
				t.Fatalf("email without consistent cleaning, thread or IDKey: %+v", in)
			}
		}
	})
}
