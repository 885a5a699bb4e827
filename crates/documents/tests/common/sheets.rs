//! Sheets the PDF tests and the render benchmark share.

#![allow(dead_code)]

use quotla_documents::{Kind, Logo, Money, Paper, Party, Sheet, SheetLine, TaxLine};

fn party(name: &str) -> Party {
    Party {
        name: name.to_string(),
        company: None,
        address: None,
        email: None,
        phone: None,
        tax_number: None,
    }
}

pub fn line(description: &str, quantity_milli: i64, unit: i64, rate: i64) -> SheetLine {
    SheetLine {
        description: description.to_string(),
        quantity_milli,
        unit_price: Money { minor: unit },
        tax_rate_milli: rate,
        amount: Money {
            minor: quantity_milli * unit / 1000,
        },
    }
}

/// An issued invoice with every field filled.
pub fn invoice() -> Sheet {
    Sheet {
        kind: Kind::Invoice,
        number: Some("INV-0042".into()),
        mark: None,
        business: Party {
            company: None,
            address: Some("12 Harbour Road\nBristol BS1 4QA".into()),
            email: Some("hello@northwind.example".into()),
            phone: Some("+44 117 496 0000".into()),
            tax_number: Some("GB123456789".into()),
            ..party("Northwind Studio")
        },
        logo: Some(Logo::check(include_bytes!("../fixtures/logo.png").to_vec()).unwrap()),
        client: Party {
            company: Some("Edison Lamps Ltd".into()),
            address: Some("4 Filament Way\nLondon".into()),
            email: Some("ada@edison.example".into()),
            tax_number: Some("GB987654321".into()),
            ..party("Ada Edison")
        },
        issue_date: "2026-12-01".into(),
        end_date: Some("2026-12-15".into()),
        currency: "EUR".into(),
        minor_units: 2,
        lines: vec![
            line("Website redesign", 1_000, 120_000, 20_000),
            line("Hosting (months)", 12_000, 1_550, 20_000),
            line("Printed brochure", 2_500, 4_000, 5_000),
        ],
        subtotal: Money { minor: 148_600 },
        discount: Some((Money { minor: 14_860 }, Some(10_000))),
        taxes: vec![
            TaxLine {
                rate_milli: 5_000,
                taxable: Money { minor: 9_000 },
                tax: Money { minor: 450 },
            },
            TaxLine {
                rate_milli: 20_000,
                taxable: Money { minor: 124_740 },
                tax: Money { minor: 24_948 },
            },
        ],
        total: Money { minor: 159_138 },
        notes: Some("Thank you for your business.".into()),
        payment_details: Some("IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX".into()),
        paper: Paper::A4,
        locale: "en-GB".into(),
    }
}

/// Long names, right-to-left text, emoji and 200 lines.
pub fn hostile() -> Sheet {
    let mut sheet = invoice();
    sheet.business.name = format!("Atelier {}", "Longname".repeat(18));
    sheet.client.name = "W".repeat(200);
    sheet.client.company = Some("شركة النور للتجارة".into());
    sheet.client.address = Some("רחוב הרצל 12\nתל אביב".into());
    sheet.notes = Some(format!("{} 🎉 {}", "Merci beaucoup. ".repeat(40), "ok"));
    sheet.lines = (1..=200)
        .map(|i| match i % 4 {
            0 => line(&format!("خدمة رقم {i} تصميم"), 1_000, 999_999_999, 20_000),
            1 => line(&format!("שירות {i} עיצוב"), 123_456, 1, 7_700),
            2 => line(&format!("Item {i} {}", "X".repeat(300)), 1_000, 50, 0),
            _ => line(&format!("Item {i} 😀 with emoji"), 1_000, 50, 0),
        })
        .collect();
    sheet
}
