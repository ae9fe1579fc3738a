package decode

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/triage/triage/internal/failure"
)

// TestTextFromMIMEFiles checks every message under testdata/decode: files
// named bad_*.eml must be malformed, the others give subject and body.
func TestTextFromMIMEFiles(t *testing.T) {
	tests := map[string]struct{ subject, body, errMsg string }{
		"plain.eml": {"Order for next week",
			"Hi there,\n\nPlease send two cases of the Arabica House Blend (HB-1KG).\n\nThanks,\nMaria", ""},
		"alternative_qp_latin1.eml": {"Commande",
			"Bonjour,\n\nNous voudrions commander 3 cafés moulus (CAF-1KG) à 12,50 € et un détartrant.\n\nMerci, Renée", ""},
		"latin1_8bit.eml": {"Bestellung", "Grüße! 2 x Müsli € 4,50", ""},
		"html_only.eml": {"Order - Hilltop Bakery", "Good morning,\n\nSKU | Item | Qty\n" +
			"FLR-T55-25 | Bread flour T55, 25 kg sack | 6\nYST-DRY-500 | Instant dry yeast 500 g | 10\n\nKind regards,\nAiko", ""},
		"attachment.eml":      {"PO attached", "Please ship the order in the attached PO.\n12 x HB-1KG", ""},
		"rfc2047_subject.eml": {"Bestellung: Müsli für nächste Woche € 20", "5 x Müsli (MUE-500)", ""},
		// A blank text/plain alternative loses to the HTML in a
		// multipart/related; the unknown charset is kept as it is UTF-8.
		"related_nested.eml": {"Nested", "Order: 4 x CUP-12OZ\n\nSent from my phone — café", ""},
		"no_subject.eml":     {"", "Body without a subject.", ""},

		"bad_no_boundary.eml":            {errMsg: "multipart/mixed without boundary"},
		"bad_base64_part.eml":            {errMsg: "base64 body: base64: illegal base64 data at input byte 7"},
		"bad_unknown_charset.eml":        {errMsg: `unknown charset "x-klingon" and not UTF-8 at byte offset 3`},
		"bad_utf8.eml":                   {errMsg: `charset "utf-8" and not UTF-8 at byte offset 3`},
		"bad_header.eml":                 {errMsg: "header: malformed header line"},
		"bad_unterminated_multipart.eml": {errMsg: "part 1: 7bit body: unexpected EOF"},
		"bad_transfer_encoding.eml":      {errMsg: `unknown content-transfer-encoding "x-uuencode"`},
		"bad_subject_utf8.eml":           {errMsg: "subject: not UTF-8 at byte offset 3"},
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "decode", "*.eml"))
	for _, f := range files {
		if _, ok := tests[filepath.Base(f)]; !ok {
			t.Errorf("%s has no test case", f)
		}
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "decode", name))
			if err != nil {
				t.Fatal(err)
			}
			subject, body, err := TextFromMIME(raw)
			if strings.HasPrefix(name, "bad_") != (tt.errMsg != "") {
				t.Fatal("files named bad_* and only they must expect an error")
			}
			if tt.errMsg != "" {
				checkMalformed(t, err, tt.errMsg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if subject != tt.subject || body != tt.body {
				t.Errorf("got subject %q body\n%q\nwant subject %q body\n%q", subject, body, tt.subject, tt.body)
			}
		})
	}
}

func checkMalformed(t *testing.T, err error, msg string) {
	t.Helper()
	if got := failure.Classify(err); got != failure.MalformedMIME {
		t.Fatalf("reason %q, want %q (err %v)", got, failure.MalformedMIME, err)
	}
	if !strings.Contains(err.Error(), "decode: mime: ") || !strings.Contains(err.Error(), msg) {
		t.Errorf("error %q, want %q in it", err, msg)
	}
}

// nested builds a message of depth nested multipart/mixed levels around a
// text/plain part, and siblings extra text/plain parts beside it.
func nested(depth, siblings int) []byte {
	var b strings.Builder
	b.WriteString("Subject: deep\n")
	for i := range depth {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i)
	}
	b.WriteString("Content-Type: text/plain\n\ncore\n")
	for i := depth - 1; i >= 0; i-- {
		if i == depth-1 {
			for range siblings {
				fmt.Fprintf(&b, "--b%d\n\nx\n", i)
			}
		}
		fmt.Fprintf(&b, "--b%d--\n", i)
	}
	return []byte(b.String())
}

func TestTextFromMIMELimits(t *testing.T) {
	tests := []struct {
		name            string
		depth, siblings int
		errMsg          string
	}{
		{"depth 8", 8, 0, ""},
		{"depth 9", 9, 0, "multipart nested deeper than 8 levels"},
		{"100 parts", 1, 98, ""},
		{"101 parts", 1, 99, "more than 100 parts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, body, err := TextFromMIME(nested(tt.depth, tt.siblings))
			if tt.errMsg != "" {
				checkMalformed(t, err, tt.errMsg)
				return
			}
			if err != nil || !strings.HasPrefix(body, "core") {
				t.Fatalf("body %q, err %v", body, err)
			}
		})
	}
}

func TestDecodeBase64(t *testing.T) {
	tests := []struct{ in, want, errMsg string }{
		{"aGVsbG8=", "hello", ""},
		{"aGVsbG8", "hello", ""},
		{"aGVs\r\nbG8=\r\n", "hello", ""},
		{" aG Vs\tbG8 ", "hello", ""},
		{"", "", ""},
		{"aGVsbG8=x", "", "illegal base64 data"},
		{"a", "", "illegal base64 data"},
		{"aGVs-G8=", "", "illegal base64 data"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := decodeBase64([]byte(tt.in))
			if tt.errMsg != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errMsg) {
					t.Fatalf("err %v, want %q", err, tt.errMsg)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestDecodeCharset(t *testing.T) {
	tests := []struct{ charset, in, want, errMsg string }{
		{"", "plain", "plain", ""},
		{"UTF-8", "café", "café", ""},
		{`"utf-8"`, "café", "café", ""},
		{"us-ascii", "café", "café", ""},
		{"iso-8859-1", "caf\xe9 \x80", "café €", ""},
		{"latin1", "\xfc", "ü", ""},
		{"windows-1252", "\x93q\x94", "“q”", ""},
		{"iso-8859-15", "\xa4", "€", ""},
		{"koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет", ""},
		{"shift_jis", "\x93\xfa\x96\x7b", "日本", ""},
		{"x-unknown", "café", "café", ""},
		{"", "caf\xe9", "", "no charset and not UTF-8 at byte offset 3"},
		{"utf-8", "\xff", "", `charset "utf-8" and not UTF-8 at byte offset 0`},
		{"x-unknown", "caf\xe9", "", `unknown charset "x-unknown"`},
	}
	for _, tt := range tests {
		t.Run(tt.charset+"/"+tt.want, func(t *testing.T) {
			got, err := decodeCharset(tt.charset, []byte(tt.in))
			if tt.errMsg != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errMsg) {
					t.Fatalf("err %v, want %q", err, tt.errMsg)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func FuzzTextFromMIME(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "decode", "*.eml"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add(nested(3, 2))
	f.Fuzz(func(t *testing.T, raw []byte) {
		subject, body, err := TextFromMIME(raw)
		if err != nil {
			var ie *failure.InputError
			if !errors.As(err, &ie) || ie.Reason != failure.MalformedMIME {
				t.Fatalf("error %v is not malformed_mime", err)
			}
			return
		}
		if !utf8.ValidString(subject) || !utf8.ValidString(body) {
			t.Fatalf("subject %q or body %q not UTF-8", subject, body)
		}
	})
}
