package decode

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode/clean"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/clean")

// TestDecodeCleanGolden decodes every email of the cleaning corpus under
// testdata/clean (raw MIME *.eml, HTML *.html and plain *.txt bodies) and
// compares what the engines get (subject, cleaned body) plus the thread,
// the cleaning statistics and the parts set aside with the *.golden file of
// the same name. Files named bad_* must be dead-lettered as malformed_mime.
// Run with -update to rewrite the golden files.
func TestDecodeCleanGolden(t *testing.T) {
	var files []string
	for _, ext := range []string{"eml", "html", "txt"} {
		m, _ := filepath.Glob(filepath.Join("testdata", "clean", "*."+ext))
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d corpus files", len(files))
	}
	d := testDecoder(t, 1<<20)
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			over := map[string]any{"text": nil, "message_id": "<" + name + "@corpus>", "subject": ""}
			switch filepath.Ext(name) {
			case ".eml":
				over["raw_mime"] = base64.StdEncoding.EncodeToString(data)
			case ".html":
				over["html"] = string(data)
			default:
				over["text"] = string(data)
			}
			in, err := d.Decode(processors.KindEmail, email(over))
			if strings.HasPrefix(name, "bad_") {
				var ie *failure.InputError
				if !errors.As(err, &ie) || ie.Reason != failure.MalformedMIME {
					t.Fatalf("got %v, want a malformed_mime input error", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			got := renderDecoded(in, err)
			golden := strings.TrimSuffix(file, filepath.Ext(file)) + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run with -update to accept):\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

// renderDecoded is the golden text of one decoded email.
func renderDecoded(in processors.Input, err error) string {
	if err != nil {
		return fmt.Sprintf("error: %s: %v\n", failure.Classify(err), err)
	}
	var b strings.Builder
	th, c := in.Thread, in.Cleaning
	fmt.Fprintf(&b, "subject: %s\nid_key: %s\n", in.Subject, in.IDKey)
	fmt.Fprintf(&b, "thread: in_reply_to=%q references=%q\n", th.InReplyTo, th.References)
	fmt.Fprintf(&b, "cleaning: original_chars=%d cleaned_chars=%d quoted_chars=%d signature_stripped=%t forwarded=%t\n",
		c.OriginalChars, c.CleanedChars, c.QuotedChars, c.SignatureStripped, c.Forwarded)
	for _, a := range c.Attachments {
		fmt.Fprintf(&b, "attachment: name=%q type=%s size=%d\n", a.Name, a.Type, a.Size)
	}
	r := clean.Clean(in.RawBody)
	fmt.Fprintf(&b, "=== body\n%s\n=== quoted\n%s\n=== signature\n%s\n", in.Body, r.Quoted, r.Signature)
	if in.Quoted != "" {
		fmt.Fprintf(&b, "=== context\n%s\n", in.Quoted)
	}
	return b.String()
}
