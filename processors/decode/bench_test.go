package decode

import (
	"fmt"
	"strings"
	"testing"

	"github.com/triage/triage/processors"
)

// BenchmarkDecode decodes a 1 KB ticket and a 1 KB email with the typed
// parser (the service's) and with the JSON-Schema reference it replaced:
//
//	go test -run XXX -bench Decode -benchmem ./processors/decode/
func BenchmarkDecode(b *testing.B) {
	body := strings.Repeat("Hello, my card was charged twice this month for invoice 1234. Please refund the duplicate. ", 10)[:900]
	values := map[processors.Kind][]byte{
		processors.KindTicket: fmt.Appendf(nil, `{"ticket_id":"T-1","subject":"Charged twice","body":%q,"channel":"web","customer":{"id":"cus_1","email":"a@example.com"},"created_at":"2026-11-27T10:00:00Z"}`, body),
		processors.KindEmail:  fmt.Appendf(nil, `{"message_id":"<m1@x>","from":"Maria <maria@example.com>","to":["orders@shop.example"],"subject":"Order","text":%q,"received_at":"2026-11-27T09:15:42Z"}`, body),
	}
	d := &Decoder{MaxBytes: 1 << 20}
	for _, kind := range kinds {
		for _, p := range []struct {
			name string
			p    parser
		}{{"typed", typed}, {"schema", bySchema(testSchemas(b))}} {
			v := values[kind]
			b.Run(string(kind)+"/"+p.name, func(b *testing.B) {
				b.SetBytes(int64(len(v)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := d.decode(kind, v, p.p); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(string(kind)+"/"+p.name+"/parse_only", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := p.p(kind, v); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDecodeParagraphs decodes a 1 KB ticket whose body has paragraph
// breaks (escaped in JSON as \n), so that the body is unescaped:
//
//	go test -run XXX -bench DecodeParagraphs -benchmem ./processors/decode/
func BenchmarkDecodeParagraphs(b *testing.B) {
	body := strings.Repeat("Hello, my card was charged twice this month for invoice 1234.\n\nPlease refund the duplicate. ", 10)[:900]
	v := fmt.Appendf(nil, `{"ticket_id":"T-1","subject":"Charged twice","body":%q,"channel":"web","customer":{"id":"cus_1","email":"a@example.com"},"created_at":"2026-11-27T10:00:00Z"}`, body)
	d := &Decoder{MaxBytes: 1 << 20}
	b.SetBytes(int64(len(v)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.decode(processors.KindTicket, v, typed); err != nil {
			b.Fatal(err)
		}
	}
}
