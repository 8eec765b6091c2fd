import type { HostedZone } from '@aws-sdk/client-route-53';
import { zonesFor } from '../src/route53.js';

const zone = (name: string, privateZone = false): HostedZone => ({ Id: `/hostedzone/${name}-${privateZone}`, Name: name, CallerReference: name, Config: { PrivateZone: privateZone } });

test.each([
  ['the most specific zone first', 'db.eu.shop.internal', [zone('shop.internal.'), zone('eu.shop.internal.')], ['eu.shop.internal.', 'shop.internal.']],
  ["a private zone before a public one of the same name (split horizon: the VPC's answer)", 'db.shop.example.com', [zone('shop.example.com.'), zone('shop.example.com.', true)], ['shop.example.com.', 'shop.example.com.']],
  ['a zone that is only a suffix of a label is not the name\'s', 'db.myshop.internal', [zone('shop.internal.')], []],
  ['the zone apex itself', 'shop.internal', [zone('shop.internal.')], ['shop.internal.']],
  ['upper case and a trailing dot in the host', 'DB.Shop.Internal.', [zone('shop.internal.')], ['shop.internal.']],
])('zonesFor: %s', (_name, host, zones, expected) => {
  expect(zonesFor(host, zones).map((one) => one.Name)).toEqual(expected);
});

test('zonesFor puts the private zone first at the same name', () => {
  expect(zonesFor('db.shop.example.com', [zone('shop.example.com.'), zone('shop.example.com.', true)]).map((one) => one.Config?.PrivateZone)).toEqual([true, false]);
});
