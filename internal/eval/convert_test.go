package eval

import (
	"bytes"
	"strings"
	"testing"
)

func TestConvert(t *testing.T) {
	tests := []struct {
		name, src, csv, want, inErr string
	}{
		{"bitext", "bitext", "utterance,intent,category\n\"cancel order 12, please\",cancel_order,ORDER\nhi,contact,CONTACT\n",
			`{"id":"p-0001","subject":"","body":"cancel order 12, please","gold":{"queue":"ORDER"}}` + "\n" +
				`{"id":"p-0002","subject":"","body":"hi","gold":{"queue":"CONTACT"}}` + "\n", ""},
		{"hint3 with BOM and markup", "hint3", "\ufeffsentence,label\n<b>where & when</b>,ORDER_STATUS\n",
			`{"id":"p-0001","subject":"","body":"<b>where & when</b>","gold":{"queue":"ORDER_STATUS"}}` + "\n", ""},
		{"unknown source", "banking", "text,label\n", "", `unknown source "banking"`},
		{"missing column", "hint3", "text,label\nhi,A\n", "", `lacks "sentence"`},
		{"empty label", "hint3", "sentence,label\nhi,A\nho, \n", "", "line 3: empty label"},
		{"ragged row", "hint3", "sentence,label\nhi\n", "", "wrong number of fields"},
		{"empty input", "hint3", "", "", "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := Convert(tt.src, strings.NewReader(tt.csv), &out, "p")
			if tt.inErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.inErr) {
					t.Fatalf("err %v, want %q", err, tt.inErr)
				}
				return
			}
			if err != nil || out.String() != tt.want {
				t.Fatalf("err %v\ngot  %s\nwant %s", err, out.String(), tt.want)
			}
		})
	}
}
