import type { devicesEn } from './messages.en.ts';

/** devices 模块的简体中文文案。 */
export const devicesZhCN: Record<keyof typeof devicesEn, string> = {
  'nav.devices': '设备',

  'devices.title': '设备',
  'devices.description': '物联网设备上链为通证：每台设备用自己的密钥签名读数，读数按批组成默克尔树，树根锚定在链上。',
  'devices.register': '登记设备',
  'devices.registerHint': '每个序列号只能登记一个通证；设备密钥是设备签名读数所用密钥的地址。',
  'devices.registerSubmit': '登记',
  'devices.registered': '已登记。',
  'devices.list': '全部设备',
  'devices.search': '序列号、型号、类型或编号',
  'devices.searchSubmit': '搜索',
  'devices.none': '没有找到设备。',
  'devices.serial': '序列号',
  'devices.type': '设备类型',
  'devices.model': '型号',
  'devices.manufacturer': '制造商',
  'devices.key': '设备密钥（地址）',
  'devices.salvage': '残值',
  'devices.readings': '读数',
  'devices.anchored': '已锚定',
  'devices.lastReading': '最新读数',
  'devices.status.ok': '正常',
  'devices.status.warning': '警告',
  'devices.status.fault': '故障',
};
