import { createTheme, type MantineColorsTuple } from '@mantine/core';
import { pickerDateFormatter } from './components/pickerDates';

// The app icon's indigo (#4c6ef5) is Mantine's indigo.6, so the stock palette is the brand.
const SYSTEM_FONTS =
  'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", "Helvetica Neue", Arial, sans-serif';

const slate: MantineColorsTuple = [
  '#f8f9fb',
  '#f1f3f7',
  '#e4e7ee',
  '#cdd2dd',
  '#a9b0c0',
  '#7c8599',
  '#5b6478',
  '#434b5e',
  '#2c3344',
  '#1a1f2c',
];

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 6,
  colors: { slate },
  fontFamily: SYSTEM_FONTS,
  headings: { fontFamily: SYSTEM_FONTS, fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    // Pages carry the class themselves (Page); what opens over them needs it too.
    Modal: {
      defaultProps: { radius: 'md', centered: true },
      classNames: { content: 'wrap-anywhere' },
    },
    Drawer: { classNames: { content: 'wrap-anywhere' } },
    Notification: { classNames: { root: 'wrap-anywhere' } },
    // Every date picker writes its day as detail pages do (see pickerDateFormatter).
    DatePickerInput: { defaultProps: { valueFormatter: pickerDateFormatter } },
    Badge: {
      defaultProps: { radius: 'sm', variant: 'light' },
      styles: { root: { textTransform: 'none', fontWeight: 600, letterSpacing: 0 } },
    },
  },
});
